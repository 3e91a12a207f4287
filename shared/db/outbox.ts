import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Messages written in the same transaction as the state change they announce; the origin relay
 * publishes them to JetStream with `Nats-Msg-Id` = id, so an accepted change is never lost.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    subject: text("subject").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    // W3C trace context of the request that wrote the row, carried into NATS headers.
    headers: jsonb("headers")
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    availableAt: timestamp("available_at", { withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_pending_idx")
      .on(t.availableAt, t.createdAt)
      .where(sql`published_at is null`),
  ],
);

export type OutboxRow = typeof outbox.$inferSelect;
