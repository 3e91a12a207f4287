import type { VideoView } from "../../shared/contracts/uploads.js";
import type { VideoRow } from "../../shared/db/schema.js";
import { isPlayable } from "./playable.js";

export const presentVideo = (row: VideoRow): VideoView => ({
  id: row.id,
  title: row.title,
  description: row.description,
  visibility: row.visibility,
  status: row.status,
  progress: row.progress,
  playable: isPlayable(row),
  error: row.error,
  size_bytes: row.sizeBytes,
  content_type: row.contentType,
  original_filename: row.originalFilename,
  duration_seconds: row.durationSeconds,
  width: row.width,
  height: row.height,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
  published_at: row.publishedAt?.toISOString() ?? null,
});
