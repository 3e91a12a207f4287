import { and, eq, sql } from "drizzle-orm";
import { captions, videos, type CaptionFile, type CaptionRow } from "../../shared/db/schema.js";
import type { Db } from "../ports/index.js";

export type NewCaption = Omit<CaptionRow, "createdAt" | "updatedAt">;

/**
 * The caption tracks of the outer query's `videos` row, in a stable order (by language) for menus and
 * manifests, as one json column of that row: a read that answers a video with its tracks stays one
 * statement, so one Neon request, instead of a second request beside it that every video paid, with
 * tracks or not. Names are written out and qualified: drizzle leaves them bare in a one-table select, where
 * `language` inside the subquery would silently mean whichever table Postgres resolves first.
 */
export const videoCaptionFiles = sql<CaptionFile[]>`coalesce((
  select json_agg(json_build_object('videoId', track.video_id, 'language', track.language, 'label', track.label,
    'kind', track.kind, 'fileKey', track.file_key) order by track.language)
  from ${captions} track where track.video_id = ${videos}.id), '[]'::json)`;

/** An insert and a replace racing each other settle within this many rounds (one, unless a track is added at that moment). */
const SAVE_ROUNDS = 3;

/**
 * Adds the track, or replaces the one of that language, answering which file the replaced version had.
 * The old row is read locked in the same statement that replaces it (a `with … for update` beside an
 * upsert would not see it: it reads after the upsert changed it), so two replacements at once each learn
 * the file the other wrote, and no file is lost track of.
 */
export async function saveCaption(db: Db, row: NewCaption, at: Date): Promise<{ saved: CaptionRow; previousKey: string | null }> {
  for (let round = 0; round < SAVE_ROUNDS; round += 1) {
    const { rows: replaced } = await db.execute<{ previous_key: string }>(sql`
      update captions c set label = ${row.label}, kind = ${row.kind}, file_key = ${row.fileKey},
        size_bytes = ${row.sizeBytes}, cue_count = ${row.cueCount}, updated_at = ${at.toISOString()}
      from (select video_id, language, file_key from captions
            where video_id = ${row.videoId} and language = ${row.language} for update) old
      where c.video_id = old.video_id and c.language = old.language
      returning old.file_key as previous_key`);
    const previousKey = replaced[0]?.previous_key ?? null;
    const inserted =
      previousKey === null &&
      (
        await db
          .insert(captions)
          .values({ ...row, createdAt: at, updatedAt: at })
          .onConflictDoNothing()
          .returning({ at: captions.createdAt })
      ).length > 0;
    if (previousKey === null && !inserted) continue;
    const [saved] = await db
      .select()
      .from(captions)
      .where(and(eq(captions.videoId, row.videoId), eq(captions.language, row.language)));
    return { saved: saved!, previousKey };
  }
  throw new Error(`caption ${row.videoId}/${row.language}: not saved after ${SAVE_ROUNDS} rounds`);
}

/** Removes the track; its file's key, or null when there was none. */
export async function removeCaption(db: Db, videoId: string, language: string): Promise<string | null> {
  const [gone] = await db
    .delete(captions)
    .where(and(eq(captions.videoId, videoId), eq(captions.language, language)))
    .returning({ fileKey: captions.fileKey });
  return gone?.fileKey ?? null;
}
