import { VIEWER_VIDEO_FIELDS, type VideoView, type ViewerVideoView } from "../../shared/contracts/uploads.js";
import type { VideoRow } from "../../shared/db/schema.js";
import { isPlayable } from "./playable.js";

/** The video as its owner sees it: every field. */
export const presentVideo = (row: VideoRow): VideoView => ({
  id: row.id,
  title: row.title,
  description: row.description,
  visibility: row.visibility,
  status: row.status,
  progress: row.progress,
  playable: isPlayable(row),
  downloadable: row.downloadable,
  error: row.error,
  size_bytes: row.sizeBytes,
  content_type: row.contentType,
  original_filename: row.originalFilename,
  duration_seconds: row.durationSeconds,
  width: row.width,
  height: row.height,
  tags: row.tags,
  language: row.language,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
  published_at: row.publishedAt?.toISOString() ?? null,
});

/** The video as `viewerId` (undefined: anonymous) may see it: the owner everything, anyone else the viewer fields. */
export function presentVideoTo(row: VideoRow, viewerId: string | undefined): VideoView | ViewerVideoView {
  const full = presentVideo(row);
  if (row.ownerId === viewerId) return full;
  // Copied field by field rather than parsed: the view is ours, only the audience decides what leaves.
  return Object.fromEntries(
    Object.keys(VIEWER_VIDEO_FIELDS).map((field) => [field, full[field as keyof ViewerVideoView]]),
  ) as ViewerVideoView;
}
