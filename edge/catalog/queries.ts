import { and, desc, eq, ne, sql } from "drizzle-orm";
import { users, videoColumns, videos, type CaptionFile, type VideoRow } from "../../shared/db/schema.js";
import { videoCaptionFiles } from "../captions/index.js";
import { readHandle, type Db } from "../ports/index.js";
import type { Cursor, RankedCursor } from "./cursor.js";
import { searchQueries } from "./search-query.js";

export interface Owner {
  id: string;
  name: string;
  image: string | null;
}
export type VideoWithOwner = VideoRow & { owner: Owner };

/**
 * Cursors carry milliseconds. `published_at` and `created_at` are stored at that precision (timestamptz(3)), so
 * the listings order and seek on the columns themselves, which the partial (published_at, id) index and the
 * (owner_id, created_at, id) index answer in order (an expression around a column would match no index: every
 * page a scan and a sort of all public videos, or of all the owner's).
 */
const at = (cursor: Cursor) => sql`${cursor.at.toISOString()}::timestamptz`;
const publishedBefore = (cursor: Cursor) => sql`(${videos.publishedAt}, ${videos.id}) < (${at(cursor)}, ${cursor.id})`;
const createdBefore = (cursor: Cursor) => sql`(${videos.createdAt}, ${videos.id}) < (${at(cursor)}, ${cursor.id})`;

const withOwner = { video: videoColumns, owner: { id: users.id, name: users.name, image: users.imageUrl } };

// Literals, not parameters, so the planner always sees the partial indexes' predicate.
const isListed = sql`${videos.status} = 'ready' and ${videos.visibility} = 'public'`;
const taggedWith = (tag: string | undefined) => (tag === undefined ? undefined : sql`${videos.tags} @> array[${tag}]::text[]`);

/** The statement of `listPublicVideos`, not yet sent (its plan is tested: edge/catalog/listing-plan.api.test.ts). */
export const publicVideosQuery = (db: Db, limit: number, cursor: Cursor | null, tag?: string) =>
  db
    .select(withOwner)
    .from(videos)
    .innerJoin(users, eq(users.id, videos.ownerId))
    .where(and(isListed, taggedWith(tag), cursor ? publishedBefore(cursor) : undefined))
    .orderBy(desc(videos.publishedAt), desc(videos.id))
    .limit(limit);

/** Ready, public videos, newest first; only those with `tag` when one is given. */
export async function listPublicVideos(db: Db, limit: number, cursor: Cursor | null, tag?: string): Promise<VideoWithOwner[]> {
  const rows = await publicVideosQuery(db, limit, cursor, tag);
  return rows.map((r) => ({ ...r.video, owner: r.owner }));
}

export type RankedVideo = VideoWithOwner & { rank: number };

/**
 * Ready, public videos matching `q` (and `tag`), best match first: ts_rank over the weighted document
 * (title A, tags B, description C), then newest, then id, so the order is total and a (rank, time, id)
 * cursor pages without repeating or skipping a match.
 */
export async function searchPublicVideos(
  db: Db,
  q: string,
  limit: number,
  cursor: RankedCursor | null,
  tag?: string,
): Promise<RankedVideo[]> {
  const { anyVideo, thisVideo } = searchQueries(q, sql`${videos.searchConfig}`);
  const rank = sql<number>`ts_rank(${videos.searchVector}, ${thisVideo})::float8`;
  const after = cursor
    ? sql`(${rank}, ${videos.publishedAt}, ${videos.id}) < (${cursor.rank}::float8, ${at(cursor)}, ${cursor.id})`
    : undefined;
  const rows = await db
    .select({ ...withOwner, rank })
    .from(videos)
    .innerJoin(users, eq(users.id, videos.ownerId))
    // Parsed once in a subquery of its own and joined to every row, so the index is asked once.
    .innerJoin(sql`(select ${anyVideo} as query) as search`, sql`${videos.searchVector} @@ search.query`)
    .where(and(isListed, sql`${videos.searchVector} @@ ${thisVideo}`, taggedWith(tag), after))
    .orderBy(desc(rank), desc(videos.publishedAt), desc(videos.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.video, owner: r.owner, rank: r.rank }));
}

/** The statement of `listOwnedVideos`, not yet sent (its plan is tested: edge/catalog/owned-listing-plan.api.test.ts). */
export const ownedVideosQuery = (db: Db, ownerId: string, limit: number, cursor: Cursor | null) =>
  db
    .select()
    .from(videos)
    .where(and(eq(videos.ownerId, ownerId), ne(videos.status, "deleted"), cursor ? createdBefore(cursor) : undefined))
    .orderBy(desc(videos.createdAt), desc(videos.id))
    .limit(limit);

/** Every video of one owner but deleted ones, newest first, whatever its status. */
export async function listOwnedVideos(db: Db, ownerId: string, limit: number, cursor: Cursor | null): Promise<VideoRow[]> {
  return ownedVideosQuery(db, ownerId, limit, cursor);
}

/** A video as a viewer may see it, with its caption tracks. */
export interface ViewableVideo {
  video: VideoWithOwner;
  tracks: CaptionFile[];
}

/**
 * A video as `viewerId` may see it: public and unlisted for anyone, private for its owner only;
 * deleted for no one. Anything else is indistinguishable from a missing video. Its tracks come in the
 * same statement (one Neon request); they are only answered with the video.
 */
export async function findViewableVideo(db: Db, id: string, viewerId: string | undefined): Promise<ViewableVideo | undefined> {
  const [row] = await viewableById(db).execute({ id });
  if (!row) return undefined;
  if (row.video.visibility === "private" && row.video.ownerId !== viewerId) return undefined;
  return { video: { ...row.video, owner: row.owner }, tracks: row.tracks };
}

const prepareViewableById = (db: Db) =>
  db
    .select({ ...withOwner, tracks: videoCaptionFiles })
    .from(videos)
    .innerJoin(users, eq(users.id, videos.ownerId))
    .where(and(eq(videos.id, sql.placeholder("id")), ne(videos.status, "deleted")))
    .prepare("find_viewable_video");
const preparedViewable = new WeakMap<Db, ReturnType<typeof prepareViewableById>>();

/**
 * The statement behind `GET /videos/:id` and its playback, built once per database handle: drizzle otherwise
 * builds the SQL text again on every call, about a tenth of the edge's CPU on that route under load.
 */
function viewableById(db: Db): ReturnType<typeof prepareViewableById> {
  // A route the guard runs beside the revocation check has a per-request handle; a read may use the shared one.
  const shared = readHandle(db);
  let prepared = preparedViewable.get(shared);
  if (!prepared) preparedViewable.set(shared, (prepared = prepareViewableById(shared)));
  return prepared;
}
