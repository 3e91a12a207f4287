import { eq, sql } from "drizzle-orm";
import type { EncodeJob } from "../../shared/contracts/video-lifecycle.js";
import { videoColumns, videos, type VideoRow } from "../../shared/db/schema.js";
import { searchConfigFor } from "../../shared/db/search-config.js";
import { moveVideoAndQueue } from "../../shared/db/video-moves.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import type { EdgePorts, StoredObject } from "../ports/index.js";

export interface QueueChanges {
  title?: string;
  description?: string;
  tags?: string[];
  /** Given: the video's language from now on (and the search configuration that goes with it). */
  language?: string;
}

/**
 * Moves a verified upload to `queued` and writes its `jobs.encode` outbox row in ONE statement, so
 * either both happen or neither. Only an `awaiting_upload` video moves: a repeated call queues nothing.
 * The video as it is afterwards comes back in the same Neon request (one batch), whether it moved or not.
 */
export async function queueEncode(
  p: EdgePorts,
  video: VideoRow,
  stored: StoredObject,
  trace: Record<string, string>,
  changes: QueueChanges = {},
): Promise<VideoRow | undefined> {
  const now = p.clock();
  const contentType = video.contentType ?? stored.contentType ?? "application/octet-stream";
  const job: EncodeJob = {
    video_id: video.id,
    owner_id: video.ownerId,
    source_key: video.sourceKey,
    content_type: contentType,
    size_bytes: stored.sizeBytes,
    requested_at: now.toISOString(),
    trace,
  };
  const set = sql`queued_at = ${now.toISOString()}, size_bytes = ${stored.sizeBytes}, content_type = ${contentType}, multipart_upload_id = null,
    title = coalesce(${changes.title ?? null}, title), description = coalesce(${changes.description ?? null}, description),
    tags = coalesce(${changes.tags === undefined ? null : sql.param(changes.tags, videos.tags)}::text[], tags)${
      changes.language === undefined
        ? sql``
        : sql`, language = ${changes.language}, search_config = ${searchConfigFor(changes.language)}::regconfig`
    }`;
  const [, [after]] = await p.db.batch([
    p.db.execute(
      moveVideoAndQueue({ id: video.id, ownerId: video.ownerId, to: "queued", at: now, set }, { subject: SUBJECTS.encode, payload: job }),
    ),
    p.db.select(videoColumns).from(videos).where(eq(videos.id, video.id)),
  ]);
  return after;
}
