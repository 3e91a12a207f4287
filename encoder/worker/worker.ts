import type { S3Client } from "@aws-sdk/client-s3";
import {
  jetstream,
  jetstreamManager,
  JetStreamError,
  type Consumer,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { setTimeout as sleep } from "node:timers/promises";
import { Registry } from "prom-client";
import type { Logger } from "../../shared/logger.js";
import { CONSUMERS } from "../../shared/messaging/topology.js";
import { doublingBackoff, retryDelayMs, type BackoffPolicy } from "../../shared/node/backoff.js";
import type { LadderOptions } from "../media/index.js";
import { DEFAULT_UPLOAD_CONCURRENCY } from "../storage/index.js";
import { consumerInfo, ensureEncoderTopology, oldestWaitingAgeSeconds, type EncoderConsumerSettings } from "./consumer.js";
import { handleDelivery } from "./job.js";
import type { JobDeps } from "./job-context.js";
import { sweepAbandonedWorkDirs } from "./work-dirs.js";
import { createEncoderMetrics } from "./metrics.js";
import { DEFAULT_PROGRESS_INTERVAL_MS } from "./progress.js";

// A pull waits this long for work: short enough that a freed slot or a stop is noticed quickly, and that a
// pull stranded on a consumer leader that died ends soon even when no heartbeat loss is reported (a 5 s
// expiry let one consumer-leader kill in the chaos test stall new uploads 10.6 s).
const DEFAULT_FETCH_EXPIRES_MS = 2_000;
// Two missed heartbeats end a pull whose consumer leader died (an election in a cluster), so the worker
// pulls again from the new leader about 2 s later instead of waiting for the pull to expire.
const FETCH_IDLE_HEARTBEAT_MS = 1_000;
const DEFAULT_PENDING_REFRESH_MS = 10_000;
// Well under any ack_wait: a publish that takes longer than this is treated as failed and retried.
const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;
// After a failed declare or pull (NATS down, consumer deleted), wait before trying again.
const PULL_RETRY_BACKOFF = doublingBackoff(500, 10_000);
/**
 * Redelivery delays for transient job failures, by attempt: storage or NATS outages usually last seconds
 * to minutes, so the schedule reaches minutes quickly and then stays there.
 */
const DEFAULT_RETRY_DELAYS_MS: BackoffPolicy = [5_000, 20_000, 60_000, 180_000];
const EMPTY_PULL_MIN_MS = 100;

export interface EncoderWorkerOptions {
  /** Owned by the caller; the worker never closes it. */
  nats: NatsConnection;
  s3: S3Client;
  bucket: string;
  log: Logger;
  /** Jobs this process runs at once. */
  concurrency: number;
  consumer: EncoderConsumerSettings;
  heartbeatMs: number;
  tmpDir: string;
  /** How long `stop()` lets running jobs finish before aborting and handing them back. */
  stopGraceMs: number;
  /** Where the worker's metrics are registered; pass the one the metrics server serves. */
  registry?: Registry;
  retryDelaysMs?: BackoffPolicy;
  fetchExpiresMs?: number;
  pendingRefreshMs?: number;
  publishTimeoutMs?: number;
  uploadConcurrency?: number;
  progressIntervalMs?: number;
  /** Written into growing manifests as their clock (see buildLadderArgs). */
  utcTimingUrl?: string;
  /** Which ladder to encode (default: adaptive, H.264 only). */
  ladder?: LadderOptions;
  /** A work directory untouched for this long was left by a killed worker; default twice ack_wait. */
  workDirStaleAfterMs?: number;
  /** How often a running encode looks for new files to store. */
  livePollMs?: number;
}

export interface RunningEncoderWorker {
  /** Resolves once the streams and the consumer are declared and the worker is pulling. */
  ready: Promise<void>;
  /** For /readyz: pulling, and not stopping. */
  isReady(): boolean;
  inFlight(): number;
  /**
   * Stops pulling, gives running jobs `stopGraceMs` to finish, then aborts the rest and hands them
   * back (nak, no delay). Resolves when every job is settled; safe to call more than once.
   */
  stop(): Promise<void>;
}

/** Pulls encode jobs from the `encoder` consumer and runs up to `concurrency` of them at once. */
export function startEncoderWorker(opts: EncoderWorkerOptions): RunningEncoderWorker {
  const log = opts.log;
  const metrics = createEncoderMetrics(opts.registry ?? new Registry());
  const deps: JobDeps = {
    js: jetstream(opts.nats),
    s3: opts.s3,
    bucket: opts.bucket,
    tmpDir: opts.tmpDir,
    heartbeatMs: opts.heartbeatMs,
    ackWaitMs: opts.consumer.ackWaitMs,
    maxDeliver: opts.consumer.maxDeliver,
    retryDelaysMs: opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    publishTimeoutMs: opts.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
    uploadConcurrency: opts.uploadConcurrency ?? DEFAULT_UPLOAD_CONCURRENCY,
    progressIntervalMs: opts.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    utcTimingUrl: opts.utcTimingUrl,
    ladder: opts.ladder ?? {},
    livePollMs: opts.livePollMs,
    metrics,
    log,
  };
  const stopping = new AbortController();
  const handBack = new AbortController();
  const running = new Set<Promise<unknown>>();
  let slotFreed: (() => void) | undefined;
  let batch: ConsumerMessages | undefined;
  let consumer: Consumer | undefined;
  let pendingTimer: NodeJS.Timeout | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const launch = (msg: JsMsg): void => {
    metrics.inFlight.inc();
    const job = handleDelivery(msg, deps, handBack.signal).finally(() => {
      running.delete(job);
      metrics.inFlight.dec();
      slotFreed?.();
    });
    running.add(job);
  };

  const waitForFreeSlot = async (): Promise<void> => {
    while (running.size >= opts.concurrency && !stopping.signal.aborted) {
      await new Promise<void>((resolve) => {
        slotFreed = resolve;
      });
    }
    slotFreed = undefined;
  };

  const refreshPending = (jsm: JetStreamManager): void => {
    consumerInfo(jsm)
      .then(async (info) => {
        if (!info) return;
        metrics.consumerPending.set(info.num_pending + info.num_ack_pending);
        metrics.oldestPendingAge.set(await oldestWaitingAgeSeconds(jsm, info));
      })
      .catch((err: unknown) => log.debug("consumer info unavailable", { err }));
  };

  /** Declares (or re-declares, after an error) the topology and binds to the consumer. */
  const bind = async (): Promise<Consumer> => {
    const jsm = await jetstreamManager(opts.nats);
    const outcome = await ensureEncoderTopology(jsm, opts.consumer);
    const bound = await deps.js.consumers.get(CONSUMERS.encoder.stream, CONSUMERS.encoder.durable);
    log.info("encoder consumer ready", { outcome, ...opts.consumer, concurrency: opts.concurrency });
    clearInterval(pendingTimer);
    refreshPending(jsm);
    pendingTimer = setInterval(() => refreshPending(jsm), opts.pendingRefreshMs ?? DEFAULT_PENDING_REFRESH_MS);
    pendingTimer.unref();
    metrics.consuming.set(1);
    markReady();
    return bound;
  };

  const pullLoop = async (): Promise<void> => {
    for (let failures = 0; !stopping.signal.aborted;) {
      await waitForFreeSlot();
      if (stopping.signal.aborted) break;
      try {
        consumer ??= await bind();
        batch = await consumer.fetch({
          max_messages: opts.concurrency - running.size,
          expires: opts.fetchExpiresMs ?? DEFAULT_FETCH_EXPIRES_MS,
          idle_heartbeat: FETCH_IDLE_HEARTBEAT_MS,
        });
        const pulledAt = performance.now();
        let received = 0;
        for await (const msg of batch) {
          received++;
          // Pulled in the moment before a stop: back to the pool at once rather than after ack_wait.
          if (stopping.signal.aborted) msg.nak();
          else launch(msg);
        }
        // An empty pull normally lasts its whole `expires`; one that ends at once would spin the loop.
        if (received === 0 && !stopping.signal.aborted && performance.now() - pulledAt < EMPTY_PULL_MIN_MS) {
          throw new Error("pull ended at once without messages");
        }
        failures = 0;
      } catch (err) {
        if (isLeaderLost(err)) {
          // The consumer's leader died and its pull with it: pull again at once, the new leader answers
          // once elected. Declaring the topology now would wait out API timeouts during the election.
          log.info("pull lost its consumer leader, pulling again");
          continue;
        }
        failures++;
        // NATS down, or the consumer or stream deleted: declare everything again before the next pull.
        consumer = undefined;
        metrics.consuming.set(0);
        log.warn("pull failed, retrying", { err, failures });
        await sleep(retryDelayMs(failures, PULL_RETRY_BACKOFF), undefined, { signal: stopping.signal }).catch(() => undefined);
      } finally {
        batch = undefined;
      }
    }
  };
  const loop = pullLoop().catch((err: unknown) => log.error("encoder worker loop failed", { err }));
  // What a killed worker (this one before a restart, or another sharing the tmp dir) left behind: a live
  // job touches its directory every heartbeat, and one idle for twice ack_wait has been redelivered anyway.
  const staleAfterMs = opts.workDirStaleAfterMs ?? 2 * opts.consumer.ackWaitMs;
  const sweep = () => void sweepAbandonedWorkDirs(opts.tmpDir, staleAfterMs, log);
  sweep();
  const sweepTimer = setInterval(sweep, staleAfterMs);
  sweepTimer.unref();

  const stop = async (): Promise<void> => {
    stopping.abort();
    metrics.consuming.set(0);
    batch?.stop();
    slotFreed?.();
    clearInterval(pendingTimer);
    clearInterval(sweepTimer);
    await loop;
    if (running.size > 0) {
      log.info("waiting for running jobs", { jobs: running.size, graceMs: opts.stopGraceMs });
      await Promise.race([Promise.allSettled([...running]), sleep(opts.stopGraceMs, undefined, { ref: false })]);
    }
    if (running.size > 0) {
      log.warn("grace period over, handing jobs back", { jobs: running.size });
      handBack.abort(new Error("encoder stopping"));
      await Promise.allSettled([...running]);
    }
  };
  let stopped: Promise<void> | undefined;

  return {
    ready,
    isReady: () => consumer !== undefined && !stopping.signal.aborted,
    inFlight: () => running.size,
    stop: () => (stopped ??= stop()),
  };
}

/**
 * What a pull reports when the consumer's leader went away: two idle heartbeats missing (the server
 * holding the pull died), or the server's own "leadership change" status.
 */
const isLeaderLost = (err: unknown): boolean =>
  err instanceof JetStreamError && ["heartbeats missed", "leadership change"].includes(err.message);
