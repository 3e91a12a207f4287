import { sql } from "drizzle-orm";
import type { EncodeJob } from "../../shared/contracts/jobs.js";
import type { VideoRow } from "../../shared/db/schema.js";
import { newId } from "../../shared/ids.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import type { EdgePorts, StoredObject } from "../ports/index.js";

export interface QueueChanges {
  title?: string;
  description?: string;
}

/**
 * Moves a verified upload to `queued` and writes its `jobs.encode` outbox row in ONE statement, so
 * either both happen or neither. Only an `awaiting_upload` video moves: a repeated call queues nothing.
 */
export async function queueEncode(p: EdgePorts, video: VideoRow, stored: StoredObject, trace: Record<string, string>, changes: QueueChanges = {}): Promise<boolean> {
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
  const result = await p.db.execute(sql`
    with queued as (
      update videos
         set status = 'queued', queued_at = ${now.toISOString()}, updated_at = ${now.toISOString()},
             size_bytes = ${stored.sizeBytes}, content_type = ${contentType}, multipart_upload_id = null,
             title = coalesce(${changes.title ?? null}, title), description = coalesce(${changes.description ?? null}, description)
       where id = ${video.id} and owner_id = ${video.ownerId} and status = 'awaiting_upload'
   returning id
    )
    insert into outbox (id, subject, payload, headers)
    select ${newId("obx")}, ${SUBJECTS.encode}, ${JSON.stringify(job)}::jsonb, ${JSON.stringify(trace)}::jsonb from queued
    returning id`);
  return result.rows.length === 1;
}
