import type { VideoView } from "../../../shared/contracts/uploads.js";
import { api, unwrap } from "../api.js";
import { isInProgress } from "../format.js";
import { pollDelayMs } from "../player/progressive.js";

/**
 * Follows the encode of a video just uploaded: its details, handed to `onVideo`, until it is ready or
 * failed, or `signal` aborts (the page is left); every 0.5 s until it can be watched ("Watch now" should
 * not wait for the poll), then every 2 s (the watch page's pace, `pollDelayMs`). A failed request is tried
 * again on the next tick.
 */
export function followEncode(videoId: string, signal: AbortSignal, onVideo: (video: VideoView) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const started = Date.now();
  signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  const tick = async () => {
    const details = await unwrap(api.GET("/videos/{id}", { params: { path: { id: videoId } }, signal })).catch(() => null);
    if (signal.aborted) return;
    // The uploader owns the video, and the owner's view has every field.
    if (details) onVideo(details.video as VideoView);
    const delay = pollDelayMs(details?.video ?? null, "none", Date.now() - started);
    if (!details || isInProgress(details.video.status)) timer = setTimeout(() => void tick(), delay);
  };
  void tick();
}
