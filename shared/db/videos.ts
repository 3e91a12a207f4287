import { getTableColumns, sql } from "drizzle-orm";
import { bigint, boolean, check, customType, index, integer, jsonb, pgTable, real, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { VIDEO_STATUSES, type VideoStatus } from "../contracts/video-lifecycle.js";
import { VISIBILITIES, type Visibility } from "../contracts/visibility.js";
import { MAX_TAGS } from "../contracts/tag-rules.js";
import type { SearchConfig } from "./search-config.js";
import { users } from "./users.js";

const regconfig = customType<{ data: SearchConfig }>({ dataType: () => "regconfig" });
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * Title (weight A), tags (B) and description (C), each indexed twice: stemmed in the video's language, so
 * `runs` finds `running`, and as typed (`simple`), so a prefix of a word as written finds it while the
 * viewer is still typing. `vod_tags_text` is `array_to_string` declared immutable (the migration), since a
 * generated column may only use immutable functions and `array_to_string` is merely stable.
 */
const searchDocument = sql.raw(`
  setweight(to_tsvector(search_config, title) || to_tsvector('simple', title), 'A') ||
  setweight(to_tsvector(search_config, vod_tags_text(tags)) || to_tsvector('simple', vod_tags_text(tags)), 'B') ||
  setweight(to_tsvector(search_config, description) || to_tsvector('simple', description), 'C')`);

/** A CHECK list from a contract's values, so the table refuses what the contracts do not know. */
const sqlList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));

/** What the encoder hands back once a video is ready (room for the ladder, keys and media facts). */
export interface VideoOutputs {
  /** The encode attempt these keys belong to (`videos/<id>/<revision>/`), and when it started. */
  revision?: string;
  revisionStartedAt?: string;
  manifestKey?: string;
  hlsKey?: string;
  posterKey?: string;
  storyboardKey?: string;
  storyboardVttKey?: string;
  renditions?: { height: number; width: number; bitrateKbps: number; codec: string }[];
}

export const videos = pgTable(
  "videos",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    visibility: text("visibility").$type<Visibility>().notNull().default("private"),
    status: text("status").$type<VideoStatus>().notNull().default("awaiting_upload"),
    sourceKey: text("source_key").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    contentType: text("content_type"),
    originalFilename: text("original_filename"),
    // Set while an S3 multipart upload is open; cleared when it completes or is aborted.
    multipartUploadId: text("multipart_upload_id"),
    partSizeBytes: integer("part_size_bytes"),
    progress: smallint("progress").notNull().default(0),
    error: text("error"),
    durationSeconds: real("duration_seconds"),
    width: integer("width"),
    height: integer("height"),
    // The owner lets viewers download it (the owner always may).
    downloadable: boolean("downloadable").notNull().default(false),
    outputs: jsonb("outputs").$type<VideoOutputs>(),
    // Milliseconds, like published_at: the owner's listing seeks and orders on the column itself, so the
    // (owner_id, created_at, id) index serves it.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    queuedAt: timestamp("queued_at", { withTimezone: true }),
    // Milliseconds, what a listing cursor carries (JSON, JavaScript dates): the listings seek and order on the
    // column itself, so the (published_at, id) index serves them.
    publishedAt: timestamp("published_at", { withTimezone: true, precision: 3 }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    /** Normalised (shared/contracts/tag-rules.ts), at most MAX_TAGS. */
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** BCP 47, as the owner gave it; null when unknown. */
    language: text("language"),
    /** The text search configuration for `language` (shared/db/search-config.ts). */
    searchConfig: regconfig("search_config")
      .notNull()
      .default(sql`'simple'::regconfig`),
    searchVector: tsvector("search_vector").notNull().generatedAlwaysAs(searchDocument),
  },
  (t) => [
    // The owner's listing (newest first, ties by id) walks it backwards; the id makes its cursor an index condition.
    index("videos_owner_idx").on(t.ownerId, t.createdAt, t.id),
    index("videos_public_list_idx")
      .on(t.publishedAt, t.id)
      .where(sql`status = 'ready' and visibility = 'public'`),
    index("videos_search_idx")
      .using("gin", t.searchVector)
      .where(sql`status = 'ready' and visibility = 'public'`),
    index("videos_tags_idx")
      .using("gin", t.tags)
      .where(sql`status = 'ready' and visibility = 'public'`),
    check("videos_tags_check", sql`cardinality(${t.tags}) <= ${sql.raw(String(MAX_TAGS))}`),
    check("videos_status_check", sql`${t.status} in (${sqlList(VIDEO_STATUSES)})`),
    check("videos_visibility_check", sql`${t.visibility} in (${sqlList(VISIBILITIES)})`),
    check("videos_progress_check", sql`${t.progress} between 0 and 100`),
  ],
);

/**
 * Every column but the search document: it is only ever matched and ranked inside Postgres, and would
 * add kilobytes to every row a list reads.
 */
export const videoColumns = (({ searchVector: _document, ...rest }) => rest)(getTableColumns(videos));

export type VideoRow = Omit<typeof videos.$inferSelect, "searchVector">;
