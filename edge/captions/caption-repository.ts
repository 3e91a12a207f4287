import { and, asc, eq, sql } from "drizzle-orm";
import { captions, type CaptionRow } from "../../shared/db/schema.js";
import type { Db } from "../ports/index.js";

export type NewCaption = Omit<CaptionRow, "createdAt" | "updatedAt">;

/** A video's tracks, in a stable order (by language) for menus and manifests. */
export const listCaptions = (db: Db, videoId: string): Promise<CaptionRow[]> =>
  db.select().from(captions).where(eq(captions.videoId, videoId)).orderBy(asc(captions.language));

/**
 * Adds the track, or replaces the one of that language, in one statement that also answers which file
 * the replaced version had (locked, so two replacements at once each learn a file, and none is lost).
 */
export async function saveCaption(db: Db, row: NewCaption, at: Date): Promise<{ saved: CaptionRow; previousKey: string | null }> {
  const { rows } = await db.execute<{ previous_key: string | null }>(sql`
    with previous as (
      select file_key from captions where video_id = ${row.videoId} and language = ${row.language} for update
    ), saved as (
      insert into captions (video_id, language, label, kind, file_key, size_bytes, cue_count, created_at, updated_at)
      values (${row.videoId}, ${row.language}, ${row.label}, ${row.kind}, ${row.fileKey}, ${row.sizeBytes}, ${row.cueCount}, ${at.toISOString()}, ${at.toISOString()})
      on conflict (video_id, language) do update set
        label = excluded.label, kind = excluded.kind, file_key = excluded.file_key,
        size_bytes = excluded.size_bytes, cue_count = excluded.cue_count, updated_at = excluded.updated_at
      returning 1
    )
    select (select file_key from previous) as previous_key from saved`);
  const [saved] = await db
    .select()
    .from(captions)
    .where(and(eq(captions.videoId, row.videoId), eq(captions.language, row.language)));
  return { saved: saved!, previousKey: rows[0]?.previous_key ?? null };
}

/** Removes the track; its file's key, or null when there was none. */
export async function removeCaption(db: Db, videoId: string, language: string): Promise<string | null> {
  const [gone] = await db
    .delete(captions)
    .where(and(eq(captions.videoId, videoId), eq(captions.language, language)))
    .returning({ fileKey: captions.fileKey });
  return gone?.fileKey ?? null;
}
