import { and, eq, ne, sql } from "drizzle-orm";
import type { DeleteJob } from "../../shared/contracts/video-lifecycle.js";
import type { UpdateVideoBody } from "../../shared/contracts/videos.js";
import { videoColumns, videos, type VideoRow } from "../../shared/db/schema.js";
import { searchConfigFor } from "../../shared/db/search-config.js";
import { notFound } from "../../shared/errors.js";
import { moveVideoAndQueue } from "../../shared/db/video-moves.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import type { EdgePorts } from "../ports/index.js";

export async function updateVideo(p: EdgePorts, ownerId: string, id: string, body: UpdateVideoBody): Promise<VideoRow> {
  const [row] = await p.db
    .update(videos)
    .set({
      ...body,
      ...(body.language === undefined ? {} : { searchConfig: searchConfigFor(body.language) }),
      updatedAt: p.clock(),
    })
    .where(and(eq(videos.id, id), eq(videos.ownerId, ownerId), ne(videos.status, "deleted")))
    .returning(videoColumns);
  if (!row) throw notFound();
  return row;
}

/**
 * Marks the video deleted and queues `jobs.delete` (the origin removes its objects) in ONE statement.
 * From that moment it is gone from every list, detail and manifest.
 */
export async function deleteVideo(p: EdgePorts, ownerId: string, id: string, trace: Record<string, string>): Promise<void> {
  const now = p.clock();
  const job: DeleteJob = { video_id: id, scope: "video", requested_at: now.toISOString(), trace };
  const set = sql`deleted_at = ${now.toISOString()}`;
  const result = await p.db.execute(
    moveVideoAndQueue({ id, ownerId, to: "deleted", at: now, set }, { subject: SUBJECTS.delete, payload: job }),
  );
  if (result.rows.length === 0) throw notFound();
}
