import { and, desc, eq, ne, sql, type SQL } from "drizzle-orm";
import { users, videos, type VideoRow } from "../../shared/db/schema.js";
import type { Db } from "../ports/index.js";
import type { Cursor } from "./cursor.js";

export interface Owner {
  id: string;
  name: string;
  image: string | null;
}
export type VideoWithOwner = VideoRow & { owner: Owner };

// Postgres keeps microseconds, cursors carry milliseconds: order and compare at the cursor's precision.
const ms = (column: SQL | typeof videos.publishedAt | typeof videos.createdAt) => sql`date_trunc('milliseconds', ${column})`;
const before = (column: typeof videos.publishedAt | typeof videos.createdAt, cursor: Cursor) =>
  sql`(${ms(column)}, ${videos.id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id})`;

const withOwner = { video: videos, owner: { id: users.id, name: users.name, image: users.imageUrl } };

/** Ready, public videos, newest first. */
export async function listPublicVideos(db: Db, limit: number, cursor: Cursor | null): Promise<VideoWithOwner[]> {
  const rows = await db
    .select(withOwner)
    .from(videos)
    .innerJoin(users, eq(users.id, videos.ownerId))
    .where(and(eq(videos.status, "ready"), eq(videos.visibility, "public"), cursor ? before(videos.publishedAt, cursor) : undefined))
    .orderBy(desc(ms(videos.publishedAt)), desc(videos.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.video, owner: r.owner }));
}

/** Every video of one owner but deleted ones, newest first, whatever its status. */
export async function listOwnedVideos(db: Db, ownerId: string, limit: number, cursor: Cursor | null): Promise<VideoRow[]> {
  return db
    .select()
    .from(videos)
    .where(and(eq(videos.ownerId, ownerId), ne(videos.status, "deleted"), cursor ? before(videos.createdAt, cursor) : undefined))
    .orderBy(desc(ms(videos.createdAt)), desc(videos.id))
    .limit(limit);
}

/**
 * A video as `viewerId` may see it: public and unlisted for anyone, private for its owner only;
 * deleted for no one. Anything else is indistinguishable from a missing video.
 */
export async function findViewableVideo(db: Db, id: string, viewerId: string | undefined): Promise<VideoWithOwner | undefined> {
  const [row] = await viewableById(db).execute({ id });
  if (!row) return undefined;
  if (row.video.visibility === "private" && row.video.ownerId !== viewerId) return undefined;
  return { ...row.video, owner: row.owner };
}

const prepareViewableById = (db: Db) =>
  db
    .select(withOwner)
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
  let prepared = preparedViewable.get(db);
  if (!prepared) preparedViewable.set(db, (prepared = prepareViewableById(db)));
  return prepared;
}
