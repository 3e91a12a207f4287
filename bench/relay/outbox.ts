import { randomBytes } from "node:crypto";
import type pg from "pg";
import { SUBJECTS } from "../../shared/messaging/topology.js";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/** `count` encode jobs in ONE transaction, as a burst of uploads would leave them; returns when committed. */
export async function insertJobs(db: pg.Pool, count: number): Promise<void> {
  const ids = Array.from({ length: count }, () => `obx_${randomBytes(12).toString("base64url")}`);
  const payloads = ids.map((id) =>
    JSON.stringify({
      video_id: `vid_${id.slice(4)}`,
      owner_id: "usr_bench",
      source_key: `uploads/vid_${id.slice(4)}/source`,
      content_type: "video/mp4",
      size_bytes: 1_048_576,
      requested_at: new Date().toISOString(),
      trace: { traceparent: TRACEPARENT },
    }),
  );
  await db.query(
    `INSERT INTO outbox (id, subject, payload, headers)
     SELECT id, $3, payload::jsonb, $4::jsonb FROM unnest($1::text[], $2::text[]) AS t(id, payload)`,
    [ids, payloads, SUBJECTS.encode, JSON.stringify({ traceparent: TRACEPARENT })],
  );
}

export async function pendingRows(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL");
  return rows[0]?.n ?? 0;
}

/** Seconds from `since` (the database clock) to the last row's PubAck, as the relay stamped it. */
export async function secondsToLastPublish(db: pg.Pool, since: Date): Promise<number> {
  const { rows } = await db.query<{ s: number }>(
    "SELECT extract(epoch FROM max(published_at) - $1::timestamptz)::float8 AS s FROM outbox",
    [since],
  );
  return rows[0]?.s ?? NaN;
}
