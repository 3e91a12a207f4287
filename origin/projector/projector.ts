import type { ComponentDeps, RunningComponent } from "../../shared/node/component.js";
import { setTimeout as sleep } from "node:timers/promises";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import pg from "pg";
import { Registry } from "prom-client";
import { CONSUMERS } from "../../shared/messaging/topology.js";
import { ensureStreams } from "../../shared/node/streams.js";
import { DEFAULT_RETRY_BACKOFF, retryDelayMs } from "../../shared/node/backoff.js";
import { consumeDurable } from "../../shared/node/consume-durable.js";
import { handleEvent } from "./handle-event.js";
import { createProjectorMetrics } from "./metrics.js";

// Events are applied one at a time; a few pulled ahead keep the statement loop busy without each
// buffered event spending much of its ack wait in the queue.
const PULL_AHEAD = 20;
// One connection applies events; one spare answers the health probe while it is busy.
const POOL_SIZE = 2;
// Well under the consumer's 30 s ack wait, so a hung statement fails and is retried before the event is redelivered elsewhere.
const STATEMENT_TIMEOUT_MS = 10_000;
// Without it a connect to an unreachable server waits for the OS, minutes.
const CONNECT_TIMEOUT_MS = 5_000;
// A scrape must not hang on NATS.
const PENDING_READ_TIMEOUT_MS = 2_000;

/** `retryBackoff`: delay before an event that hit a database error is delivered again. */
export interface ProjectorOptions extends ComponentDeps {
  /** A direct connection to the platform's database. */
  databaseUrl: string;
}

/**
 * `stop()` finishes the event in hand, hands buffered ones back to the stream, closes the pool; `database`:
 * it answered the last statement or probe; `consuming`: the durable is consumed (or paused for the database).
 */
export type RunningProjector = RunningComponent<{ database: boolean; consuming: boolean }>;

/**
 * Applies `video.events.*` to the videos table (a failed download to its `downloads` row) through the
 * shared durable `projector`: any number of projectors may run, each event is taken by one of them.
 * Declares the platform streams and the durable itself, retrying until NATS lets it.
 */
export function startProjector(opts: ProjectorOptions): RunningProjector {
  const { log } = opts;
  const spec = CONSUMERS.projector;
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: POOL_SIZE,
    application_name: "vod-projector",
    statement_timeout: STATEMENT_TIMEOUT_MS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // Idle clients report a lost server here; unhandled, the event would crash the process.
  pool.on("error", (err) => log.warn("projector pool connection lost", { err }));

  let databaseOk = false;
  let stopping = false;
  let probing = false;
  const onDatabase = (reachable: boolean) => {
    databaseOk = reachable;
  };
  // Statements keep the flag current while events flow; when none do, a check asks the database itself.
  const probe = () => {
    if (probing || stopping) return;
    probing = true;
    pool
      .query("SELECT 1")
      .then(
        () => onDatabase(true),
        (err: unknown) => log.warn("projector database not reachable", { err }),
      )
      .finally(() => {
        probing = false;
      });
  };
  probe();

  let pendingReader: Promise<JetStreamManager> | undefined;
  const readPending = async (): Promise<number | undefined> => {
    try {
      pendingReader ??= jetstreamManager(opts.nats, { timeout: PENDING_READ_TIMEOUT_MS });
      const info = await (await pendingReader).consumers.info(spec.stream, spec.durable);
      return info.num_pending + info.num_ack_pending;
    } catch (err) {
      pendingReader = undefined;
      log.debug("could not read the projector consumer's pending count", { err });
      return undefined;
    }
  };
  const metrics = createProjectorMetrics(opts.registry ?? new Registry(), readPending);
  const retryBackoff = opts.retryBackoff ?? DEFAULT_RETRY_BACKOFF;
  const deps = { pool, metrics, log, retryBackoff, maxDeliver: spec.maxDeliver, onDatabase };

  /** After a database error: resolves once the database answers again. */
  const databaseBack = async (signal: AbortSignal): Promise<void> => {
    for (let attempt = 1; !signal.aborted; attempt++) {
      await sleep(retryDelayMs(attempt, retryBackoff), undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      try {
        await pool.query("SELECT 1");
        onDatabase(true);
        return;
      } catch (err) {
        log.debug("projector database still not reachable", { err, attempt });
      }
    }
  };
  const consumer = consumeDurable({
    nats: opts.nats,
    spec,
    prepare: ensureStreams,
    maxMessages: PULL_AHEAD,
    handle: (msg) => handleEvent(msg, deps),
    resume: databaseBack,
    log,
  });

  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        await consumer.stop();
        await pool.end();
        log.info("projector stopped");
      })()),
    checks: () => {
      if (!databaseOk) probe();
      return { database: databaseOk, consuming: consumer.isConsuming() };
    },
  };
}
