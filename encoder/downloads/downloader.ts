import type { S3Client } from "@aws-sdk/client-s3";
import type { JsMsg } from "@nats-io/jetstream";
import { Counter, Registry } from "prom-client";
import { downloadJob } from "../../shared/contracts/downloads.js";
import { CONSUMERS } from "../../shared/messaging/topology.js";
import { DEFAULT_RETRY_BACKOFF, retryDelayMs } from "../../shared/node/backoff.js";
import type { ComponentDeps, RunningComponent } from "../../shared/node/component.js";
import { consumeDurable } from "../../shared/node/consume-durable.js";
import { ensureStreams } from "../../shared/node/streams.js";
import { FfmpegError } from "../media/index.js";
import { MissingTrackError } from "./gather-track.js";
import { remuxDownload } from "./remux-download.js";

const SPEC = CONSUMERS.downloader;
// Four heartbeats per ack wait, as for encodes: a remux in progress is never redelivered while alive.
const HEARTBEATS_PER_ACK_WAIT = 4;
// One remux at a time per worker beside its encodes; more would only queue on the same cores.
const PULL_AHEAD = 1;
const OUTCOMES = ["done", "invalid", "failed", "retry"] as const;

export interface DownloaderOptions extends ComponentDeps {
  s3: S3Client;
  bucket: string;
  tmpDir: string;
}

/**
 * Takes `jobs.download` from the durable `downloader` and stores the file it asks for. A job that can
 * never succeed (malformed, a track without segments, ffmpeg refusing the input) is dropped with a log
 * line: the edge queues it again after a while if someone still asks. Anything else (storage, a stop) is
 * handed back to be tried again.
 */
export function startDownloader(opts: DownloaderOptions): RunningComponent<{ consuming: boolean }> {
  const { log } = opts;
  const registry = opts.registry ?? new Registry();
  const jobs = new Counter({
    name: "downloader_jobs_total",
    help: "jobs.download messages handled, by outcome: done | invalid | failed | retry.",
    labelNames: ["outcome"],
    registers: [registry],
  });
  for (const outcome of OUTCOMES) jobs.inc({ outcome }, 0);
  const stopping = new AbortController();
  const backoff = opts.retryBackoff ?? DEFAULT_RETRY_BACKOFF;

  const handle = async (msg: JsMsg): Promise<void> => {
    const parsed = downloadJob.safeParse(safeJson(msg.string()));
    if (!parsed.success) {
      log.error("invalid jobs.download message, dropped", { seq: msg.seq, problem: parsed.error.issues[0]?.message });
      msg.term();
      return void jobs.inc({ outcome: "invalid" });
    }
    const job = parsed.data;
    const context = { video_id: job.video_id, revision: job.revision, rendition: job.rendition };
    const heartbeat = setInterval(() => msg.working(), SPEC.ackWaitMs / HEARTBEATS_PER_ACK_WAIT);
    const started = performance.now();
    try {
      const { bytes } = await remuxDownload(
        {
          s3: opts.s3,
          bucket: opts.bucket,
          tmpDir: opts.tmpDir,
          touchEveryMs: SPEC.ackWaitMs / HEARTBEATS_PER_ACK_WAIT,
          signal: stopping.signal,
        },
        job,
      );
      msg.ack();
      jobs.inc({ outcome: "done" });
      log.info("download stored", { ...context, bytes, seconds: Math.round(performance.now() - started) / 1000 });
    } catch (err) {
      if (!stopping.signal.aborted && (err instanceof MissingTrackError || err instanceof FfmpegError)) {
        msg.term();
        jobs.inc({ outcome: "failed" });
        log.error("download cannot be made, dropped", { ...context, err });
        return;
      }
      const delayMs = stopping.signal.aborted ? 0 : retryDelayMs(msg.info.deliveryCount, backoff);
      msg.nak(delayMs);
      jobs.inc({ outcome: "retry" });
      log.warn("download not made, retrying", { ...context, delivery: msg.info.deliveryCount, delayMs, err });
    } finally {
      clearInterval(heartbeat);
    }
  };

  const consumer = consumeDurable({
    nats: opts.nats,
    spec: SPEC,
    prepare: (jsm) => ensureStreams(jsm),
    maxMessages: PULL_AHEAD,
    handle,
    log,
  });
  return {
    // A remux in hand is stopped and handed back at once: another worker redoes it from the segments.
    stop: () => {
      stopping.abort(new Error("downloader stopping"));
      return consumer.stop();
    },
    checks: () => ({ consuming: consumer.isConsuming() }),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
