import type { JetStreamClient } from "@nats-io/jetstream";
import type { Pool } from "pg";
import type { Logger } from "../../shared/logger.js";
import { retryDelayMs, type BackoffPolicy } from "../../shared/node/backoff.js";
import { claimBatch, markFailed, markPublished } from "./claim.js";
import { subjectLabel, type RelayMetrics } from "./metrics.js";
import { publishRow, type PublishResult } from "./publish.js";

export interface BatchDeps {
  pool: Pool;
  js: JetStreamClient;
  metrics: RelayMetrics;
  log: Logger;
  batchSize: number;
  publishTimeoutMs: number;
  retryBackoff: BackoffPolicy;
}

export interface BatchResult {
  claimed: number;
  published: number;
  failed: number;
  /** When the soonest rescheduled row is due again; undefined when none failed. */
  retryInMs?: number;
}

/**
 * One transaction: claim up to `batchSize` due rows, publish them, mark the acknowledged ones and
 * reschedule the others, COMMIT. The row locks are held only while the publishes (each bounded by
 * the publish timeout) are in flight. If COMMIT never happens the rows are simply claimed again,
 * and the stream drops the resends as duplicates.
 */
export async function relayBatch(deps: BatchDeps): Promise<BatchResult> {
  const client = await deps.pool.connect();
  let failed = false;
  try {
    await client.query("BEGIN");
    const rows = await claimBatch(client, deps.batchSize);
    // Concurrent publishes go out on one connection in claim order, so the stream keeps that order.
    const results = await Promise.all(rows.map((row) => publishRow(deps.js, row, deps.publishTimeoutMs, deps.metrics)));
    const acked = results.flatMap((r) => (r.ok ? [r.row] : []));
    const failures = results.flatMap((r) =>
      r.ok ? [] : [{ id: r.row.id, error: r.error, delayMs: retryDelayMs(r.row.attempts + 1, deps.retryBackoff) }],
    );
    await markPublished(
      client,
      acked.map((row) => row.id),
    );
    await markFailed(client, failures);
    await client.query("COMMIT");

    for (const row of acked) deps.metrics.published.inc({ subject: subjectLabel(row.subject) });
    logOutcome(deps.log, results);
    const retryInMs = failures.length > 0 ? Math.min(...failures.map((f) => f.delayMs)) : undefined;
    return { claimed: rows.length, published: acked.length, failed: failures.length, ...(retryInMs === undefined ? {} : { retryInMs }) };
  } catch (err) {
    failed = true;
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    // A connection that failed mid-transaction is not trusted again.
    client.release(failed);
  }
}

function logOutcome(log: Logger, results: PublishResult[]): void {
  const duplicates = results.filter((r) => r.ok && r.duplicate).map((r) => r.row.id);
  // Expected after a relay died between PubAck and COMMIT; the stream kept the first copy.
  if (duplicates.length > 0) log.info("outbox rows were already in the stream", { ids: duplicates });
  const failures = results.flatMap((r) => (r.ok ? [] : [r]));
  const first = failures[0];
  // One line per batch: during an outage every row fails the same way.
  if (first) {
    log.warn("outbox publishes failed, rescheduled", {
      count: failures.length,
      first_id: first.row.id,
      subject: first.row.subject,
      error: first.error,
    });
  }
}
