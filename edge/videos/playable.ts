import type { VideoRow } from "../../shared/db/schema.js";

/**
 * Watchable: ready, or still encoding with its first segments stored (progressive publishing: the
 * catalog records the live manifest of the attempt once it is playable).
 */
export const isPlayable = (video: Pick<VideoRow, "status" | "outputs">): boolean =>
  video.status === "ready" || (video.status === "processing" && Boolean(video.outputs?.manifestKey));
