import { sql } from "drizzle-orm";
import { check, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { CAPTION_KINDS, type CaptionKind } from "../contracts/captions.js";
import { videos } from "./videos.js";

/**
 * One caption track per video and language. The WebVTT file sits at `fileKey`, under the video's CDN
 * prefix (so the video's signature covers it), in a file of its own per version: a replaced track never
 * changes bytes a player or a cache already holds.
 */
export const captions = pgTable(
  "captions",
  {
    videoId: text("video_id")
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    label: text("label").notNull(),
    kind: text("kind").$type<CaptionKind>().notNull(),
    fileKey: text("file_key").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    cueCount: integer("cue_count").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.videoId, t.language] }),
    check("captions_kind_check", sql`${t.kind} in (${sql.raw(CAPTION_KINDS.map((k) => `'${k}'`).join(","))})`),
  ],
);

export type CaptionRow = typeof captions.$inferSelect;

/** What a manifest or a playback answer needs of a track: no sizes, no dates. */
export type CaptionFile = Pick<CaptionRow, "videoId" | "language" | "label" | "kind" | "fileKey">;
