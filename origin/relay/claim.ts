import type { ClientBase, Pool } from "pg";

/** An outbox row as the relay needs it; jsonb columns arrive parsed. */
export interface OutboxMessage {
  id: string;
  subject: string;
  payload: unknown;
  headers: Record<string, unknown>;
  attempts: number;
}

export interface FailedPublish {
  id: string;
  error: string;
  delayMs: number;
}

// SKIP LOCKED lets several relays share the table: each row is claimed by whichever gets it first,
// and the others move on instead of waiting.
const CLAIM_SQL = `
  SELECT id, subject, payload, headers, attempts
  FROM outbox
  WHERE published_at IS NULL AND available_at <= now()
  ORDER BY created_at
  LIMIT $1
  FOR UPDATE SKIP LOCKED`;

// clock_timestamp(), not now(): now() is frozen at BEGIN, before the publishes ran.
const MARK_PUBLISHED_SQL = `UPDATE outbox SET published_at = clock_timestamp() WHERE id = ANY($1::text[])`;

const MARK_FAILED_SQL = `
  UPDATE outbox AS o
  SET attempts = o.attempts + 1,
      last_error = f.error,
      available_at = clock_timestamp() + f.delay_ms * interval '1 millisecond'
  FROM unnest($1::text[], $2::text[], $3::int[]) AS f(id, error, delay_ms)
  WHERE o.id = f.id`;

const BACKLOG_SQL = `
  SELECT count(*)::int AS pending,
         coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_age_seconds
  FROM outbox
  WHERE published_at IS NULL`;

export async function claimBatch(client: ClientBase, limit: number): Promise<OutboxMessage[]> {
  const { rows } = await client.query<OutboxMessage>(CLAIM_SQL, [limit]);
  return rows;
}

export async function markPublished(client: ClientBase, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await client.query(MARK_PUBLISHED_SQL, [ids]);
}

export async function markFailed(client: ClientBase, failures: readonly FailedPublish[]): Promise<void> {
  if (failures.length === 0) return;
  await client.query(MARK_FAILED_SQL, [failures.map((f) => f.id), failures.map((f) => f.error), failures.map((f) => f.delayMs)]);
}

export async function readBacklog(pool: Pool): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const { rows } = await pool.query<{ pending: number; oldest_age_seconds: number }>(BACKLOG_SQL);
  return { pending: rows[0]?.pending ?? 0, oldestAgeSeconds: rows[0]?.oldest_age_seconds ?? 0 };
}
