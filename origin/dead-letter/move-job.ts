import type { JetStreamClient, JetStreamManager, StoredMsg } from "@nats-io/jetstream";
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { SpanKind, trace, type Span } from "@opentelemetry/api";
import type { z } from "zod";
import { eventSubject, type FailedEvent } from "../../shared/contracts/events.js";
import { encodeJob } from "../../shared/contracts/video-lifecycle.js";
import type { Logger } from "../../shared/logger.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import { contextFrom, markFailed, traceFieldsOf, writeTrace } from "../../shared/telemetry/index.js";
import type { MaxDeliveriesAdvisory } from "./advisory.js";
import { giveUpOnDownload } from "./give-up-download.js";

const tracer = trace.getTracer("vod-dead-letter");

export const DLQ_HEADERS = {
  reason: "Dlq-Reason",
  deliveries: "Dlq-Deliveries",
  streamSeq: "Dlq-Stream-Seq",
  consumer: "Dlq-Consumer",
  originalMsgId: "Dlq-Original-Msg-Id",
} as const;
export const DLQ_REASON = "max_deliveries";

// Publish directives (Nats-Msg-Id, Nats-Expected-*): the originals applied to the first publish and
// would make this one fail or be deduplicated against the wrong message.
const DIRECTIVE_PREFIX = /^nats-/i;
const MSG_ID_HEADER = "Nats-Msg-Id";
const JOBS_PREFIX = /^jobs\./;
// Only what the failed event needs: a job malformed elsewhere is a likely reason it ended up here.
const jobVideo = encodeJob.pick({ video_id: true, trace: true });
type JobVideo = z.infer<typeof jobVideo>;

export interface MoveDeps {
  jsm: JetStreamManager;
  js: JetStreamClient;
  log: Logger;
}

/** `moved`: the job was in its stream and now is in JOBS_DLQ; `gone`: an earlier run already moved it. */
export type MoveOutcome = { outcome: "moved"; subject: string } | { outcome: "gone" };

/**
 * Sets a job that exhausted its deliveries aside. Each step can be repeated after a crash anywhere:
 * every publish carries a msg id the streams deduplicate, and the job leaves its stream last, so a
 * retry always finds it while anything is left to do. (Deleting before the failed event was
 * published would leave a crash there with a video stuck in processing.)
 */
export async function moveToDeadLetters(deps: MoveDeps, advisory: MaxDeliveriesAdvisory): Promise<MoveOutcome> {
  const { stream, stream_seq: seq } = advisory;
  const job = await deps.jsm.streams.getMessage(stream, { seq });
  if (!job) return { outcome: "gone" };
  // A child of the job's last hop (the relay's span in its headers), so the trace of a video that
  // ended here shows why.
  const span = tracer.startSpan(
    "dead-letter move",
    { kind: SpanKind.CONSUMER, attributes: { "messaging.destination.name": job.subject, "vod.deliveries": advisory.deliveries } },
    contextFrom([job.header]),
  );
  try {
    await deps.js.publish(deadLetterSubject(job.subject), job.data, {
      msgID: `dlq-${stream}-${seq}`,
      headers: deadLetterHeaders(job, advisory),
    });
    if (job.subject === SUBJECTS.encode) await giveUpOnVideo(deps, job, advisory, span);
    if (job.subject === SUBJECTS.download) await giveUpOnDownload(deps, job, advisory, span);
    await deleteJob(deps.jsm, stream, seq);
    return { outcome: "moved", subject: job.subject };
  } catch (err) {
    markFailed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** `jobs.encode` -> `jobs.dlq.encode`: JOBS_DLQ takes `jobs.dlq.>`. */
export function deadLetterSubject(subject: string): string {
  return `${SUBJECTS.deadLetter}.${subject.replace(JOBS_PREFIX, "")}`;
}

function deadLetterHeaders(job: StoredMsg, advisory: MaxDeliveriesAdvisory): MsgHdrs {
  const h = natsHeaders();
  for (const [key, values] of job.header ?? []) {
    if (DIRECTIVE_PREFIX.test(key)) continue;
    for (const value of values) h.append(key, value);
  }
  const originalMsgId = job.header?.get(MSG_ID_HEADER);
  if (originalMsgId) h.set(DLQ_HEADERS.originalMsgId, originalMsgId);
  h.set(DLQ_HEADERS.reason, DLQ_REASON);
  h.set(DLQ_HEADERS.deliveries, String(advisory.deliveries));
  h.set(DLQ_HEADERS.streamSeq, String(advisory.stream_seq));
  h.set(DLQ_HEADERS.consumer, advisory.consumer);
  return h;
}

/**
 * The video of an encode job that gave up: failed, so the owner learns why. The projector's move to failed
 * also queues the removal of what the attempts wrote (see the lifecycle's delete scopes).
 */
async function giveUpOnVideo(deps: MoveDeps, job: StoredMsg, advisory: MaxDeliveriesAdvisory, span: Span): Promise<void> {
  const named = videoOf(job);
  if (!named) {
    deps.log.error("dead-lettered encode job names no video; no failed event", { stream_seq: advisory.stream_seq });
    return;
  }
  await publishFailed(deps, named, advisory, span);
}

/** Tells the video's owner (through the projector) that encoding gave up; the projector ignores it if the video moved on. */
async function publishFailed(deps: MoveDeps, named: JobVideo, advisory: MaxDeliveriesAdvisory, span: Span): Promise<void> {
  // Without a tracer the span is invalid (no headers on the job): the body's context is the best left.
  const spanTrace = traceFieldsOf(span.spanContext());
  const event: FailedEvent = {
    video_id: named.video_id,
    code: "max_deliveries",
    reason: `Encoding kept failing after ${advisory.deliveries} attempts; the file was set aside for an operator to look at.`,
    at: new Date().toISOString(),
    trace: spanTrace.traceparent ? spanTrace : named.trace,
  };
  const headers = natsHeaders();
  writeTrace(headers, span.spanContext());
  await deps.js.publish(eventSubject("failed"), JSON.stringify(event), { msgID: `${named.video_id}:failed:max_deliveries`, headers });
}

function videoOf(job: StoredMsg): JobVideo | undefined {
  try {
    const parsed = jobVideo.safeParse(JSON.parse(job.string()));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Deleting a message that is already gone fails; that is the outcome we wanted, so only a survivor is an error. */
async function deleteJob(jsm: JetStreamManager, stream: string, seq: number): Promise<void> {
  try {
    // no_erase: nothing secret to scrub, and overwriting costs a disk write.
    await jsm.streams.deleteMessage(stream, seq, false);
  } catch (err) {
    if ((await jsm.streams.getMessage(stream, { seq })) !== null) throw err;
  }
}
