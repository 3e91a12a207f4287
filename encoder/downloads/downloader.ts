import type { S3Client } from "@aws-sdk/client-s3";
import { jetstream, type JsMsg } from "@nats-io/jetstream";
import { Counter, Registry } from "prom-client";
import { downloadJob, downloadRequest, type DownloadFailureCode, type DownloadRequest } from "../../shared/contracts/downloads.js";
import { CONSUMERS } from "../../shared/messaging/topology.js";
import { DEFAULT_RETRY_BACKOFF, retryDelayMs } from "../../shared/node/backoff.js";
import type { ComponentDeps, RunningComponent } from "../../shared/node/component.js";
import { consumeDurable } from "../../shared/node/consume-durable.js";
import { ensureStreams } from "../../shared/node/streams.js";
import { isBadMedia, publishDownloadFailed } from "./download-failure.js";
import { remuxDownload } from "./remux-download.js";

const SPEC = CONSUMERS.downloader;
// Four heartbeats per ack wait, as for encodes: a remux in progress is never redelivered while alive.
const HEARTBEATS_PER_ACK_WAIT = 4;
// One remux at a time per worker beside its encodes; more would only queue on the same cores.
const PULL_AHEAD = 1;
const OUTCOMES = ["done", "invalid", "failed", "retry"] as const;
// Well under ack_wait, as for the encoder's events: a publish that takes longer counts as failed and is retried.
const PUBLISH_TIMEOUT_MS = 10_000;

export interface DownloaderOptions extends ComponentDeps {
  s3: S3Client;
  bucket: string;
  tmpDir: string;
}

/**
 * Takes `jobs.download` from the durable `downloader` and stores the file it asks for. A job that can
 * never succeed (malformed, a track without segments, ffmpeg refusing the input) is recorded as failed
 * with a `video.events.download_failed` event, as an encode's bad media is, and terminated: the viewer
 * sees why, and asking again queues it anew. Anything else (storage, a stop, a crash) is handed back to be
 * tried again; after the consumer's last delivery the dead-letter handler sets it aside and records the
 * failure the same way.
 */
export function startDownloader(opts: DownloaderOptions): RunningComponent<{ consuming: boolean }> {
  const { log } = opts;
  const registry = opts.registry ?? new Registry();
  const jobs = new Counter({
    name: "downloader_jobs_total",
    help: "jobs.download messages handled, by outcome: done | invalid (malformed) | failed (bad media) | retry.",
    labelNames: ["outcome"],
    registers: [registry],
  });
  for (const outcome of OUTCOMES) jobs.inc({ outcome }, 0);
  const stopping = new AbortController();
  const backoff = opts.retryBackoff ?? DEFAULT_RETRY_BACKOFF;

  const js = jetstream(opts.nats);

  /**
   * The request will not be made: recorded as failed (the viewer sees why and may ask again), then the
   * message is terminated. A failure that cannot be recorded yet is handed back, so a later delivery
   * records it (or, after the last one, the dead-letter handler does).
   */
  const giveUp = async (msg: JsMsg, request: DownloadRequest, code: DownloadFailureCode, outcome: "invalid" | "failed") => {
    try {
      await publishDownloadFailed(js, request, code, PUBLISH_TIMEOUT_MS);
      msg.term();
      jobs.inc({ outcome });
    } catch (err) {
      const delayMs = retryDelayMs(msg.info.deliveryCount, backoff);
      msg.nak(delayMs);
      jobs.inc({ outcome: "retry" });
      log.warn("download failure not recorded, retrying", { video_id: request.video_id, rendition: request.rendition, delayMs, err });
    }
  };

  const handle = async (msg: JsMsg): Promise<void> => {
    const body = safeJson(msg.string());
    const parsed = downloadJob.safeParse(body);
    if (!parsed.success) {
      log.error("invalid jobs.download message, dropped", { seq: msg.seq, problem: parsed.error.issues[0]?.message });
      // When it still says which request it was, that request is failed rather than left preparing.
      const named = downloadRequest.safeParse(body);
      if (named.success) return giveUp(msg, named.data, "internal", "invalid");
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
      if (!stopping.signal.aborted && isBadMedia(err)) {
        // The error (ffmpeg's words, storage keys) is for the operator; the viewer gets a fixed sentence.
        log.error("download cannot be made from the stored media", { ...context, err });
        return giveUp(msg, job, "bad_media", "failed");
      }
      const delivery = msg.info.deliveryCount;
      const delayMs = stopping.signal.aborted ? 0 : retryDelayMs(delivery, backoff);
      msg.nak(delayMs);
      jobs.inc({ outcome: "retry" });
      const fields = { ...context, delivery, maxDeliver: SPEC.maxDeliver, delayMs, err };
      if (delivery >= SPEC.maxDeliver) log.error("download failed on its last delivery; the dead-letter handler records it", fields);
      else log.warn("download not made, retrying", fields);
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
