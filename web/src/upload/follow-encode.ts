import type { VideoView } from "../../../shared/contracts/uploads.js";
import { api } from "../api.js";
import { isInProgress } from "../format.js";

const POLL_MS = 2_000;

/**
 * Follows the encode of a video just uploaded: its details every 2 s, handed to `onVideo`, until it is
 * ready or failed, or `signal` aborts (the page is left). A failed request is tried again on the next tick.
 */
export function followEncode(videoId: string, signal: AbortSignal, onVideo: (video: VideoView) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  const tick = async () => {
    const details = await api<{ video: VideoView }>(`/videos/${encodeURIComponent(videoId)}`, { signal }).catch(() => null);
    if (signal.aborted) return;
    if (details) onVideo(details.video);
    if (!details || isInProgress(details.video.status)) timer = setTimeout(() => void tick(), POLL_MS);
  };
  void tick();
}
