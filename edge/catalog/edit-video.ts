import { and, eq, ne, sql } from "drizzle-orm";
import type { DeleteJob } from "../../shared/contracts/jobs.js";
import type { UpdateVideoBody } from "../../shared/contracts/videos.js";
import { videos, type VideoRow } from "../../shared/db/schema.js";
import { notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import type { EdgePorts } from "../ports/index.js";

export async function updateVideo(p: EdgePorts, ownerId: string, id: string, body: UpdateVideoBody): Promise<VideoRow> {
  const [row] = await p.db
    .update(videos)
    .set({ ...body, updatedAt: p.clock() })
    .where(and(eq(videos.id, id), eq(videos.ownerId, ownerId), ne(videos.status, "deleted")))
    .returning();
  if (!row) throw notFound();
  return row;
}

/**
 * Marks the video deleted and queues `jobs.delete` (the origin removes its objects) in ONE statement.
 * From that moment it is gone from every list, detail and manifest.
 */
export async function deleteVideo(p: EdgePorts, ownerId: string, id: string, trace: Record<string, string>): Promise<void> {
  const now = p.clock();
  const job: DeleteJob = { video_id: id, scope: "video", owner_id: ownerId, requested_at: now.toISOString(), trace };
  const result = await p.db.execute(sql`
    with gone as (
      update videos set status = 'deleted', deleted_at = ${now.toISOString()}, updated_at = ${now.toISOString()}
       where id = ${id} and owner_id = ${ownerId} and status <> 'deleted'
   returning id
    )
    insert into outbox (id, subject, payload, headers)
    select ${newId("obx")}, ${SUBJECTS.delete}, ${JSON.stringify(job)}::jsonb, ${JSON.stringify(trace)}::jsonb from gone
    returning id`);
  if (result.rows.length === 0) throw notFound();
}
