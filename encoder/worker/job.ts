import type { JsMsg } from "@nats-io/jetstream";
import { context, SpanKind, SpanStatusCode, trace as traceApi, type Span } from "@opentelemetry/api";
import { rm } from "node:fs/promises";
import { failedEvent, type EncodedEvent, type FailedEvent } from "../../shared/contracts/events.js";
import type { EncodeJob, EncodeStage } from "../../shared/contracts/video-lifecycle.js";
import type { Logger } from "../../shared/logger.js";
import { retryDelayMs } from "../../shared/node/backoff.js";
import { BadMediaError, type MediaInfo } from "../media/index.js";
import { encodeRenditions, type EncodedRevision } from "./encode-stage.js";
import { startHeartbeat } from "./heartbeat.js";
import type { JobDeps, JobRun } from "./job-context.js";
import { PoisonJobError } from "./job-errors.js";
import { parseJob, type ParsedJob, type UnparseableJob } from "./parse-job.js";
import type { Outcome } from "./job-types.js";
import { probeSource } from "./probe-stage.js";
import { openSource } from "./source-stage.js";
import type { SourceServer } from "../storage/index.js";
import { ProgressReporter } from "./progress.js";
import { publishEncoded } from "./publish-stage.js";
import { publishEvent, type TraceContext } from "./publish-event.js";
import { findFinishedRevision, removeDeadRevisions } from "./revision-cleanup.js";
import { storeRevision } from "./upload-stage.js";
import { createWorkDir, keepWorkDirAlive } from "./work-dirs.js";
import { contextFrom, markFailed, recordCarrier, traceFieldsOf } from "../../shared/telemetry/index.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";

const MAX_REASON_LENGTH = 500;
// Outcomes that are not the platform working as intended; handed_back is a deliberate stop.
const FAILED_OUTCOMES: readonly Outcome[] = ["bad_media", "poison", "transient"];

const tracer = traceApi.getTracer("vod-encoder");

/**
 * Where a delivery is, and what it carries forward. Each stage's result is the next stage's input,
 * so a stage cannot run without what it needs.
 */
type JobState =
  | { stage: "adopt" }
  | { stage: "source" }
  | { stage: "probe"; source: SourceServer }
  | { stage: "encode"; source: SourceServer; info: MediaInfo }
  | { stage: "upload"; info: MediaInfo; encoded: EncodedRevision }
  | { stage: "publish"; event: EncodedEvent }
  | { stage: "finished" };

/** What the message gets once the delivery is decided; applied after the heartbeat stops. */
type Settlement = { outcome: Outcome } & ({ action: "ack" } | { action: "term" } | { action: "nak"; delayMs?: number });

/**
 * Runs one delivery of an encode job to its end and settles the message. Never rejects: every error
 * becomes an outcome. The message is acknowledged last, after the encoded event is stored; the work
 * directory is gone before the message is settled, whatever the outcome.
 */
export async function handleDelivery(msg: JsMsg, deps: JobDeps, handBack: AbortSignal): Promise<Outcome> {
  const stopTimer = deps.metrics.jobDuration.startTimer();
  const parsed = parseJob(msg);
  const span = startJobSpan(msg, parsed);
  // Everything below, logs and events included, belongs to this delivery's span.
  return context.with(traceApi.setSpan(context.active(), span), async () => {
    const log = deps.log.child({ stream_seq: msg.info.streamSequence, attempt: msg.info.deliveryCount });
    const heartbeat = startHeartbeat(msg, deps.heartbeatMs, log);
    let settlement: Settlement;
    try {
      settlement = await decide(msg, parsed, traceFieldsOf(span.spanContext()), deps, handBack, log);
    } finally {
      heartbeat.stop();
    }
    await settle(msg, settlement, deps, log);
    deps.metrics.jobs.inc({ outcome: settlement.outcome });
    stopTimer({ outcome: settlement.outcome });
    span.setAttribute("vod.encode.outcome", settlement.outcome);
    if (FAILED_OUTCOMES.includes(settlement.outcome)) span.setStatus({ code: SpanStatusCode.ERROR, message: settlement.outcome });
    span.end();
    return settlement.outcome;
  });
}

/**
 * The delivery's span: a child of the relay's span in the message headers or, for a message that lost
 * them, of the edge's context in the body. Without a tracer it is that context itself, passed on as is.
 */
function startJobSpan(msg: JsMsg, parsed: ParsedJob): Span {
  const parent = contextFrom([msg.headers, parsed.ok ? recordCarrier(parsed.job.trace) : undefined]);
  // The outbox id the relay published under.
  const messageId = msg.headers?.get("Nats-Msg-Id");
  return tracer.startSpan(
    "encode job",
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": "nats",
        "messaging.operation.type": "process",
        "messaging.destination.name": SUBJECTS.encode,
        ...(messageId ? { "messaging.message.id": messageId } : {}),
        "vod.attempt": msg.info.deliveryCount,
        ...(parsed.ok ? { "vod.video_id": parsed.job.video_id } : {}),
      },
    },
    parent,
  );
}

/** Runs one stage in a span of its own, a child of the delivery's. */
function inStageSpan<T>(stage: EncodeStage, work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(stage, async (span) => {
    try {
      return await work();
    } catch (err) {
      markFailed(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

async function decide(
  msg: JsMsg,
  parsed: ParsedJob,
  trace: TraceContext,
  deps: JobDeps,
  handBack: AbortSignal,
  baseLog: Logger,
): Promise<Settlement> {
  if (!parsed.ok) return poisonMessage(msg, parsed, trace, deps, baseLog);
  const job = parsed.job;
  const log = baseLog.child({ video_id: job.video_id });
  const progress = new ProgressReporter({
    videoId: job.video_id,
    trace,
    intervalMs: deps.progressIntervalMs,
    publish: (event) => publishEvent(deps.js, "progress", event, { timeoutMs: deps.publishTimeoutMs }),
    onError: (err) => log.warn("progress event not published", { err }),
  });
  let workDir: string | undefined;
  const closers: (() => Promise<void>)[] = [];
  let stage: EncodeStage = "adopt";
  try {
    workDir = await createWorkDir(deps.tmpDir, job.video_id);
    const stopTouching = keepWorkDirAlive(workDir, deps.heartbeatMs);
    closers.push(async () => stopTouching());
    const run: JobRun = { deps, job, trace, log, signal: handBack, workDir, progress, onEnd: (close) => void closers.push(close) };
    log.info("job started", { source_key: job.source_key, size_bytes: job.size_bytes });
    for (let state: JobState = { stage: "adopt" }; state.stage !== "finished";) {
      stage = state.stage;
      // Once everything is uploaded, finishing takes milliseconds: better than handing the job back.
      if (stage !== "publish") handBack.throwIfAborted();
      const stopStage = deps.metrics.stageDuration.startTimer({ stage });
      const current: JobState = state;
      try {
        state = await inStageSpan(stage, (): Promise<JobState> => step(current, run));
      } finally {
        stopStage();
      }
    }
    log.info("job done");
    return { outcome: "done", action: "ack" };
  } catch (err) {
    return failure(err, { msg, job, trace, stage, deps, log, handBack });
  } finally {
    progress.close();
    for (const close of closers) await close().catch((err: unknown) => log.warn("job resource not closed", { err }));
    if (workDir)
      await rm(workDir, { recursive: true, force: true }).catch((err: unknown) =>
        log.error("work directory not removed", { err, workDir }),
      );
  }
}

async function step(state: JobState, run: JobRun): Promise<JobState> {
  switch (state.stage) {
    case "adopt": {
      // An earlier delivery that finished but whose ack was lost left a complete revision: announce it again.
      const finished = await findFinishedRevision(run.deps, run.job.video_id);
      if (!finished) return { stage: "source" };
      run.log.info("adopting a finished revision", { revision: finished.revision.id });
      return { stage: "publish", event: finished.event };
    }
    case "source":
      return { stage: "probe", source: await openSource(run) };
    case "probe":
      return { stage: "encode", source: state.source, info: await probeSource(run, state.source) };
    case "encode":
      return { stage: "upload", info: state.info, encoded: await encodeRenditions(run, state.source, state.info) };
    case "upload":
      return { stage: "publish", event: await storeRevision(run, state.info, state.encoded) };
    case "publish":
      await publishEncoded(run, state.event);
      return { stage: "finished" };
    case "finished":
      return state;
  }
}

interface FailureContext {
  msg: JsMsg;
  job: EncodeJob;
  trace: TraceContext;
  stage: EncodeStage;
  deps: JobDeps;
  log: Logger;
  handBack: AbortSignal;
}

/** The one place an error becomes an outcome. */
async function failure(err: unknown, ctx: FailureContext): Promise<Settlement> {
  const { msg, job, stage, deps, log } = ctx;
  if (ctx.handBack.aborted) {
    log.warn("job handed back: stopping", { stage });
    return { outcome: "handed_back", action: "nak" };
  }
  if (err instanceof BadMediaError) {
    // The cause, when there is one, is what ffmpeg said: for the operator, not the owner.
    log.warn("bad media", { stage, reason: err.reason, ...(err.cause === undefined ? {} : { err: err.cause }) });
    return terminalFailure("bad_media", { code: "bad_media", reason: err.reason }, ctx);
  }
  if (err instanceof PoisonJobError) {
    log.error("job cannot succeed", { stage, err });
    return terminalFailure("poison", { code: "internal", reason: err.message }, ctx);
  }
  const attempt = msg.info.deliveryCount;
  const delayMs = retryDelayMs(attempt, deps.retryDelaysMs);
  const fields = { stage, err, attempt, maxDeliver: deps.maxDeliver, delayMs, video_id: job.video_id };
  if (attempt >= deps.maxDeliver) log.error("job failed on its last attempt; the dead-letter handler reports it", fields);
  else log.warn("job failed, will retry", fields);
  return { outcome: "transient", action: "nak", delayMs };
}

function terminalFailure(
  outcome: "bad_media" | "poison",
  what: Pick<FailedEvent, "code" | "reason">,
  ctx: FailureContext,
): Promise<Settlement> {
  return reportAndTerminate(outcome, ctx.job.video_id, what, ctx.trace, ctx.msg, ctx.deps, ctx.log);
}

/**
 * A failure no retry can fix: what earlier, dead attempts stored is removed (this one removed its own;
 * a growing manifest must not outlive the encode), the owner is told, then the message is terminated. If the event cannot
 * be stored the message is naked instead, so a later delivery tells them.
 */
async function reportAndTerminate(
  outcome: "bad_media" | "poison",
  videoId: string,
  what: Pick<FailedEvent, "code" | "reason">,
  trace: TraceContext,
  msg: JsMsg,
  deps: JobDeps,
  log: Logger,
): Promise<Settlement> {
  const event = failedEvent.parse({
    video_id: videoId,
    ...what,
    reason: what.reason.slice(0, MAX_REASON_LENGTH),
    at: new Date().toISOString(),
    trace,
  });
  await removeDeadRevisions(deps, videoId, undefined, log);
  try {
    await publishEvent(deps.js, "failed", event, { msgID: `${videoId}:failed:${what.code}`, timeoutMs: deps.publishTimeoutMs });
    return { outcome, action: "term" };
  } catch (err) {
    const delayMs = retryDelayMs(msg.info.deliveryCount, deps.retryDelaysMs);
    log.warn("failed event not published, will retry", { err, delayMs, code: what.code });
    return { outcome: "transient", action: "nak", delayMs };
  }
}

/** A message that is not an encode job: no retry can parse it. Its video, if named, is marked failed. */
function poisonMessage(
  msg: JsMsg,
  parsed: UnparseableJob,
  trace: TraceContext,
  deps: JobDeps,
  log: Logger,
): Promise<Settlement> | Settlement {
  log.error("unparseable encode job, terminating", { problem: parsed.problem, video_id: parsed.videoId });
  if (!parsed.videoId) return { outcome: "poison", action: "term" };
  const what = { code: "internal", reason: "The encode job was malformed." } as const;
  return reportAndTerminate("poison", parsed.videoId, what, trace, msg, deps, log);
}

async function settle(msg: JsMsg, settlement: Settlement, deps: JobDeps, log: Logger): Promise<void> {
  try {
    switch (settlement.action) {
      case "ack":
        // Confirmed, so "done" means the server has it. If not, the job comes back after ack_wait and is
        // redone: same keys, and an encoded event the stream drops as a duplicate (or the projector applies
        // twice, to no effect, once the duplicate window has passed).
        if (!(await msg.ackAck({ timeout: deps.publishTimeoutMs }))) log.warn("ack not confirmed; the job may run again");
        return;
      case "term":
        // Plain term(): nats-server 2.9 ignores a reason; the failed event carries it instead.
        msg.term();
        return;
      case "nak":
        msg.nak(settlement.delayMs);
        return;
    }
  } catch (err) {
    log.warn("message not settled; the server redelivers it after ack_wait", { err, action: settlement.action });
  }
}
