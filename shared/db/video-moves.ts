import { sql, type SQL } from "drizzle-orm";
import { statusesBefore, type VideoJob, type VideoStatus } from "../contracts/video-lifecycle.js";
import { newId } from "../ids.js";

/**
 * The one writer of a video's status, as drizzle SQL that the edge (neon-http) and the origin
 * (node-postgres) both run. Every move is guarded by the lifecycle's transition table, so a move the
 * table forbids, a late event or a repeated request, changes nothing.
 */
export interface VideoMove {
  id: string;
  to: VideoStatus;
  at: Date;
  /** Set where a caller may only move their own videos. */
  ownerId?: string;
  /** Narrower than the lifecycle allows: cancelling, say, only takes an upload still awaited. */
  from?: readonly VideoStatus[];
  /** Columns set along with the status: `column = value` fragments, comma-separated. */
  set?: SQL;
  /** A further condition on the row. */
  when?: SQL;
}

/** `status in (...)`: the statuses the lifecycle lets move to `to`, narrowed to `from` when given. */
export function statusGuard(to: VideoStatus, from?: readonly VideoStatus[]): SQL {
  const allowed = statusesBefore(to).filter((status) => from === undefined || from.includes(status));
  if (allowed.length === 0) throw new Error(`the lifecycle lets no video move to ${to}${from ? ` from ${from.join(", ")}` : ""}`);
  return sql`status in (${sql.join(
    allowed.map((status) => sql`${status}`),
    sql`, `,
  )})`;
}

/** The guarded UPDATE; it returns the id of a row that moved, nothing otherwise. */
export function moveVideo(m: VideoMove): SQL {
  const set = m.set ? sql`, ${m.set}` : sql.empty();
  const owner = m.ownerId === undefined ? sql.empty() : sql` and owner_id = ${m.ownerId}`;
  const when = m.when ? sql` and (${m.when})` : sql.empty();
  return sql`update videos set status = ${m.to}, updated_at = ${m.at.toISOString()}${set}
   where id = ${m.id}${owner} and ${statusGuard(m.to, m.from)}${when}
   returning id`;
}

/**
 * Queues `job` in the outbox once per row that `from` (a FROM clause, typically a CTE) yields; the job's
 * trace context goes into the headers the relay publishes with.
 */
export function queueJob(job: VideoJob, from: SQL): SQL {
  return sql`insert into outbox (id, subject, payload, headers)
    select ${newId("obx")}, ${job.subject}, ${JSON.stringify(job.payload)}::jsonb, ${JSON.stringify(job.payload.trace)}::jsonb from ${from}
    returning id`;
}

/** Moves the video and queues its job in ONE statement: both happen or neither. A row comes back when it moved. */
export function moveVideoAndQueue(m: VideoMove, job: VideoJob): SQL {
  return sql`with moved as (${moveVideo(m)}) ${queueJob(job, sql`moved`)}`;
}
