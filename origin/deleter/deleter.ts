import type { JsMsg } from "@nats-io/jetstream";
import { context, SpanKind, trace, type Span } from "@opentelemetry/api";
import { Registry } from "prom-client";
import type { StorageConfig } from "../../shared/config/storage-config.js";
import { deleteJob } from "../../shared/contracts/video-lifecycle.js";
import { CONSUMERS } from "../../shared/messaging/topology.js";
import { DEFAULT_RETRY_BACKOFF, retryDelayMs } from "../../shared/node/backoff.js";
import type { ComponentDeps, RunningComponent } from "../../shared/node/component.js";
import { consumeDurable } from "../../shared/node/consume-durable.js";
import { ensureStreams } from "../../shared/node/streams.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { createDeleterMetrics, type DeleteOutcome } from "./metrics.js";
import { removeUnfinishedOutputs } from "./remove-outputs.js";
import { removePrefix } from "./remove-prefix.js";
import { contextFrom, markFailed } from "../../shared/telemetry/index.js";

const tracer = trace.getTracer("vod-deleter");

// Deleting is quick; a few pulled ahead is plenty.
const PULL_AHEAD = 10;

export interface VideoDeleterOptions extends ComponentDeps {
  storage: StorageConfig;
}

export type RunningVideoDeleter = RunningComponent<{ consuming: boolean }>;

/**
 * Takes `jobs.delete` from the durable `deleter` and removes the video's files: for a deleted video
 * (scope `video`) its source (`uploads/<id>/`) and outputs (`videos/<id>/`); for one whose encoding gave
 * up (scope `outputs`) only the outputs, keeping the source for an operator. Removing what is already
 * gone changes nothing, so a repeat is harmless; a storage error is retried with backoff.
 */
export function startVideoDeleter(opts: VideoDeleterOptions): RunningVideoDeleter {
  const { log } = opts;
  const s3 = createS3Client(opts.storage);
  const metrics = createDeleterMetrics(opts.registry ?? new Registry());
  const backoff = opts.retryBackoff ?? DEFAULT_RETRY_BACKOFF;
  const settle = (outcome: DeleteOutcome) => metrics.jobs.inc({ outcome });

  const handle = async (msg: JsMsg): Promise<void> => {
    // A child of the relay's span in the headers: a deletion is part of the trace of its DELETE request.
    const attributes = { "messaging.system": "nats", "messaging.destination.name": msg.subject };
    const span = tracer.startSpan("delete video", { kind: SpanKind.CONSUMER, attributes }, contextFrom([msg.headers]));
    try {
      await context.with(trace.setSpan(context.active(), span), () => settleJob(msg, span));
    } finally {
      span.end();
    }
  };

  const settleJob = async (msg: JsMsg, span: Span): Promise<void> => {
    const parsed = deleteJob.safeParse(safeJson(msg.string()));
    if (!parsed.success) {
      log.error("invalid jobs.delete message, dropped", { seq: msg.seq, problem: parsed.error.issues[0]?.message });
      msg.term();
      return settle("invalid");
    }
    const { video_id: videoId, scope } = parsed.data;
    span.setAttributes({ "vod.video_id": videoId, "vod.delete_scope": scope });
    try {
      const bucket = opts.storage.S3_BUCKET;
      let removed = 0;
      if (scope === "video") {
        for (const prefix of [storageKeys.uploadPrefix(videoId), storageKeys.outputPrefix(videoId)])
          removed += await removePrefix(s3, bucket, prefix);
      } else {
        removed = await removeUnfinishedOutputs(s3, bucket, videoId);
      }
      metrics.objects.inc(removed);
      msg.ack();
      log.info("video files removed", { video_id: videoId, scope, objects: removed });
      settle("done");
    } catch (err) {
      markFailed(span, err);
      const delayMs = retryDelayMs(msg.info.deliveryCount, backoff);
      log.warn("could not remove video files, retrying", { video_id: videoId, delivery: msg.info.deliveryCount, delayMs, err });
      msg.nak(delayMs);
      settle("retry");
    }
  };

  const consumer = consumeDurable({
    nats: opts.nats,
    spec: CONSUMERS.deleter,
    prepare: (jsm) => ensureStreams(jsm),
    maxMessages: PULL_AHEAD,
    handle,
    log,
  });
  return { stop: () => consumer.stop(), checks: () => ({ consuming: consumer.isConsuming() }) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
