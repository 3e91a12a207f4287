import { sql } from "drizzle-orm";
import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { videos } from "./videos.js";

/**
 * One row per download ever asked for, per revision: inserting it is what decides who queues the remux,
 * so two requests at once make one job. The file itself is in storage; its presence means ready. The
 * failure columns are set (by the projector, from `video.events.download_failed`) when the latest request
 * cannot be made, and cleared by the next request, which queues it again.
 */
export const downloads = pgTable(
  "downloads",
  {
    videoId: text("video_id")
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    revision: text("revision").notNull(),
    rendition: text("rendition").notNull(),
    // Moved forward when a job is queued again for a file that never appeared (a job lost or given up on).
    requestedAt: timestamp("requested_at", { withTimezone: true })
      .notNull()
      .default(sql`now()`),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    /** DOWNLOAD_FAILURES' key: bad_media | max_deliveries | internal. */
    failureCode: text("failure_code"),
    /** What the viewer is told; a fixed sentence per code, never an error's text. */
    failureReason: text("failure_reason"),
  },
  (t) => [primaryKey({ columns: [t.videoId, t.revision, t.rendition] })],
);

export type DownloadRow = typeof downloads.$inferSelect;
