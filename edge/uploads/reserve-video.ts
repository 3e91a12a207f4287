import { eq, sql } from "drizzle-orm";
import type { Visibility } from "../../shared/contracts/visibility.js";
import { videoColumns, videos, type VideoRow } from "../../shared/db/schema.js";
import { searchConfigFor } from "../../shared/db/search-config.js";
import type { EdgePorts } from "../ports/index.js";

export interface NewVideo {
  id: string;
  ownerId: string;
  title: string;
  description: string;
  visibility: Visibility;
  sourceKey: string;
  sizeBytes: number | null;
  contentType: string | null;
  originalFilename: string | null;
  multipartUploadId: string | null;
  partSizeBytes: number | null;
  tags: string[];
  language: string | null;
}

/**
 * Inserts an `awaiting_upload` video unless its owner already has the maximum of unfinished uploads.
 * Locking the owner's row first serialises one user's concurrent requests, so the count is exact.
 * Uploads older than the URL lifetime no longer count: their URLs have expired.
 * One Neon request: the lock, the insert and the read of the new row (undefined when refused) go as one batch.
 */
export async function reserveVideo(p: EdgePorts, v: NewVideo): Promise<VideoRow | undefined> {
  const now = p.clock();
  const since = new Date(now.getTime() - p.config.UPLOAD_URL_TTL_SECONDS * 1000).toISOString();
  const [, , [inserted]] = await p.db.batch([
    p.db.execute(sql`select id from users where id = ${v.ownerId} for update`),
    p.db.execute(sql`
      insert into videos (id, owner_id, title, description, visibility, status, source_key, size_bytes, content_type,
                          original_filename, multipart_upload_id, part_size_bytes, tags, language, search_config,
                          created_at, updated_at)
      select ${v.id}, ${v.ownerId}, ${v.title}, ${v.description}, ${v.visibility}, 'awaiting_upload', ${v.sourceKey},
             ${v.sizeBytes}, ${v.contentType}, ${v.originalFilename}, ${v.multipartUploadId}, ${v.partSizeBytes},
             ${sql.param(v.tags, videos.tags)}, ${v.language}, ${searchConfigFor(v.language)}::regconfig, ${now.toISOString()}, ${now.toISOString()}
       where (select count(*) from videos
               where owner_id = ${v.ownerId} and status = 'awaiting_upload' and created_at > ${since}) < ${p.config.MAX_PENDING_UPLOADS}
      returning id`),
    p.db.select(videoColumns).from(videos).where(eq(videos.id, v.id)),
  ]);
  return inserted;
}
