import { neon } from "@neondatabase/serverless";
import { and, eq, ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/neon-http";
import * as schema from "../../shared/db/schema.js";
import { videoCaptionFiles } from "../../edge/captions/index.js";

const { users, videoColumns, videos } = schema;

/**
 * The statement `findViewableVideo` (edge/catalog/queries.ts) sends for `GET /videos/:id`, built by the same
 * query builder from the same schema, so the direct baseline issues byte-identical SQL: the video, its owner
 * and its caption tracks in one statement.
 */
export function videoDetailsSql(databaseUrl: string, videoId: string): { sql: string; params: unknown[] } {
  const db = drizzle({ client: neon(databaseUrl), schema });
  return db
    .select({ video: videoColumns, owner: { id: users.id, name: users.name, image: users.imageUrl }, tracks: videoCaptionFiles })
    .from(videos)
    .innerJoin(users, eq(users.id, videos.ownerId))
    .where(and(eq(videos.id, videoId), ne(videos.status, "deleted")))
    .toSQL();
}
