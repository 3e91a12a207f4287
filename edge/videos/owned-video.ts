import { and, eq, ne } from "drizzle-orm";
import { videoColumns, videos, type VideoRow } from "../../shared/db/schema.js";
import type { Db } from "../ports/index.js";

/** A video its owner can act on: someone else's, or a deleted one, does not exist for them. */
export async function findOwnedVideo(db: Db, id: string, ownerId: string): Promise<VideoRow | undefined> {
  const [row] = await db
    .select(videoColumns)
    .from(videos)
    .where(and(eq(videos.id, id), eq(videos.ownerId, ownerId), ne(videos.status, "deleted")));
  return row;
}
