import type { ComponentDeps, RunningComponent } from "../../shared/node/component.js";
import { jetstream } from "@nats-io/jetstream";
import pg from "pg";
import { Registry } from "prom-client";
import { DEFAULT_RETRY_BACKOFF, retryDelayMs, type BackoffPolicy } from "../../shared/node/backoff.js";
import { relayBatch, type BatchDeps } from "./batch.js";
import { readBacklog } from "./claim.js";
import { listenForOutbox } from "./listener.js";
import { createRelayMetrics } from "./metrics.js";
import { Wakeup } from "./wakeup.js";

// Well under the duplicate window and short enough that a claimed batch's locks do not linger.
const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;
// One connection for the batch transaction, one for the backlog gauges.
const POOL_SIZE = 2;
// If the relay hangs mid-batch, Postgres ends the session and the locked rows go back to the pool.
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
// After a database error: 1 s, doubling to 30 s, so an outage neither floods the log nor the database.
const DRAIN_BACKOFF: BackoffPolicy = DEFAULT_RETRY_BACKOFF;

export interface RelayOptions extends ComponentDeps {
  /** A direct connection: LISTEN does not work through a transaction pooler. */
  databaseUrl: string;
  batchSize: number;
  /** Fallback for missed notifications and for rows whose retry delay has passed. */
  pollIntervalMs: number;
  publishTimeoutMs?: number;
}

/** `stop()` finishes the batch in progress, then closes the LISTEN session and the pool; `database`: the last drain reached it; `listening`: the LISTEN session is up. */
export type RunningRelay = RunningComponent<{ database: boolean; listening: boolean }>;

/** Publishes outbox rows to JetStream until stopped. */
export function startRelay(opts: RelayOptions): RunningRelay {
  const log = opts.log;
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: POOL_SIZE,
    application_name: "vod-relay",
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
  });
  // Idle clients report a lost server here; unhandled, the event would crash the process.
  pool.on("error", (err) => log.warn("relay pool connection lost", { err }));

  const metrics = createRelayMetrics(opts.registry ?? new Registry());
  const deps: BatchDeps = {
    pool,
    js: jetstream(opts.nats),
    metrics,
    log,
    batchSize: opts.batchSize,
    publishTimeoutMs: opts.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
    retryBackoff: opts.retryBackoff ?? DEFAULT_RETRY_BACKOFF,
  };
  const wakeup = new Wakeup();
  const listener = listenForOutbox({ databaseUrl: opts.databaseUrl, log, onNotify: () => wakeup.wake() });
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let databaseOk = false;

  /**
   * Drains while batches come back full, then refreshes the gauges. Returns when the soonest row it
   * rescheduled is due, so a retry after a short outage (a cluster election) need not wait for the poll.
   */
  const drain = async (): Promise<number | undefined> => {
    let retryInMs: number | undefined;
    for (;;) {
      const batch = await relayBatch(deps);
      if (batch.retryInMs !== undefined) retryInMs = Math.min(retryInMs ?? Infinity, batch.retryInMs);
      // A batch where nothing was acknowledged means NATS is unreachable: wait for the next
      // wake-up rather than spend a publish timeout on every batch of the backlog.
      if (stopping || batch.claimed < deps.batchSize || batch.published === 0) break;
    }
    const backlog = await readBacklog(pool);
    metrics.backlog.set(backlog.pending);
    metrics.oldestPendingAge.set(backlog.oldestAgeSeconds);
    return retryInMs;
  };

  const loop = (async () => {
    // Drains failed in a row: an outage is logged when it starts and when it ends, not at every retry.
    let failures = 0;
    while (!stopping) {
      let waitMs = opts.pollIntervalMs;
      try {
        waitMs = Math.min(waitMs, (await drain()) ?? waitMs);
        databaseOk = true;
        if (failures > 0) log.info("relay drain recovered", { failures });
        failures = 0;
      } catch (err) {
        databaseOk = false;
        failures += 1;
        waitMs = retryDelayMs(failures, DRAIN_BACKOFF);
        if (failures === 1) log.error("relay drain failed; retrying with backoff", { err });
        else log.debug("relay drain failed again", { err, failures, retry_in_ms: waitMs });
      }
      if (!stopping) await wakeup.wait(waitMs);
    }
  })();

  log.info("relay started", { batchSize: deps.batchSize, pollIntervalMs: opts.pollIntervalMs });
  return {
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        wakeup.wake();
        await loop;
        await listener.close();
        await pool.end();
        log.info("relay stopped");
      })()),
    checks: () => ({ database: databaseOk, listening: listener.isListening() }),
  };
}
