import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, real, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { VIDEO_STATUSES, type VideoStatus } from "../contracts/video-lifecycle.js";
import { VISIBILITIES, type Visibility } from "../contracts/visibility.js";
import { users } from "./users.js";

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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    queuedAt: timestamp("queued_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    index("videos_owner_idx").on(t.ownerId, t.createdAt),
    index("videos_public_list_idx")
      .on(t.publishedAt, t.id)
      .where(sql`status = 'ready' and visibility = 'public'`),
    check("videos_status_check", sql`${t.status} in (${sqlList(VIDEO_STATUSES)})`),
    check("videos_visibility_check", sql`${t.visibility} in (${sqlList(VISIBILITIES)})`),
    check("videos_progress_check", sql`${t.progress} between 0 and 100`),
  ],
);

export type VideoRow = typeof videos.$inferSelect;
