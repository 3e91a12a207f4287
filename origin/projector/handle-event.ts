import type { JsMsg } from "@nats-io/jetstream";
import { context, SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import type { Pool } from "pg";
import type { Logger } from "../../shared/logger.js";
import { retryDelayMs, type BackoffPolicy } from "../../shared/node/backoff.js";
import { applyEvent } from "./apply-event.js";
import { isPermanentDbError } from "./db-errors.js";
import type { ProjectorMetrics, EventOutcome } from "./metrics.js";
import { parseEvent, type EventLabel, type ParsedEvent } from "./parse-event.js";
import { contextFrom, markFailed, recordCarrier } from "../../shared/telemetry/index.js";

const tracer = trace.getTracer("vod-projector");

export interface HandleEventDeps {
  pool: Pool;
  metrics: ProjectorMetrics;
  log: Logger;
  retryBackoff: BackoffPolicy;
  /** The consumer's max_deliver: the delivery after which the server stops redelivering. */
  maxDeliver: number;
  /** Told after every statement whether the database answered, for the health check. */
  onDatabase: (reachable: boolean) => void;
}

/**
 * Settles one `video.events.*` message: ack once its statement committed (including when there was
 * nothing to change), term when it can never apply, nak with backoff on a database error, and then
 * ask for a pause: the next event would fail the same way.
 */
export async function handleEvent(msg: JsMsg, deps: HandleEventDeps): Promise<void | "pause"> {
  const parsed = parseEvent(msg.subject, msg.string());
  const span = startEventSpan(msg, parsed);
  try {
    return await context.with(trace.setSpan(context.active(), span), () => settleEvent(msg, parsed, span, deps));
  } finally {
    span.end();
  }
}

/** One span per event, a child of the encoder job that published it (headers first, then the body's copy). */
function startEventSpan(msg: JsMsg, parsed: ParsedEvent): Span {
  const type = parsed.ok ? parsed.value.type : parsed.type;
  const parent = contextFrom([msg.headers, parsed.ok ? recordCarrier(parsed.value.event.trace) : undefined]);
  return tracer.startSpan(
    `apply ${type}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": "nats",
        "messaging.operation.type": "process",
        "messaging.destination.name": msg.subject,
        "vod.delivery": msg.info.deliveryCount,
        ...(parsed.ok ? { "vod.video_id": parsed.value.event.video_id } : {}),
      },
    },
    parent,
  );
}

async function settleEvent(msg: JsMsg, parsed: ParsedEvent, span: Span, deps: HandleEventDeps): Promise<void | "pause"> {
  const { log } = deps;
  const where = { subject: msg.subject, seq: msg.seq, delivery: msg.info.deliveryCount };
  if (!parsed.ok) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: "invalid event" });
    return reject(msg, deps, parsed.type, { ...where, problem: parsed.problem });
  }

  const { type, event } = parsed.value;
  const fields = { ...where, video_id: event.video_id };
  const stopTimer = deps.metrics.applyDuration.startTimer({ type });
  try {
    const outcome = await applyEvent(deps.pool, parsed.value);
    stopTimer();
    deps.onDatabase(true);
    msg.ack();
    span.setAttribute("vod.projector.outcome", outcome);
    count(deps, type, outcome === "applied" ? "applied" : "ignored");
    // Nothing to do for a video the database does not know; worth a look, since the edge creates rows before jobs.
    if (outcome === "unknown_video") log.warn("event for an unknown video, skipped", fields);
    else if (outcome === "deleted_video") log.info("encode finished after its video was deleted: its files queued for deletion", fields);
    // The one step an owner waits for, at info: the end of a job's timeline in the logs.
    else if (outcome === "applied" && type === "encoded") log.info("video ready", fields);
    else log.debug(outcome === "applied" ? "event applied" : "event came too late, nothing to change", { ...fields, type });
  } catch (err) {
    stopTimer();
    markFailed(span, err);
    if (isPermanentDbError(err)) return reject(msg, deps, type, { ...fields, err });
    deps.onDatabase(false);
    const delayMs = retryDelayMs(msg.info.deliveryCount, deps.retryBackoff);
    msg.nak(delayMs);
    count(deps, type, "retry");
    if (deps.maxDeliver > 0 && msg.info.deliveryCount >= deps.maxDeliver) {
      log.error("database error on the last delivery, the event will not be applied", { ...fields, err });
    } else {
      log.warn("database error, event handed back for a retry", { ...fields, err, delayMs });
    }
    return "pause";
  }
}

function reject(msg: JsMsg, deps: HandleEventDeps, type: EventLabel, fields: Record<string, unknown>): void {
  // term(): redelivering an event that cannot apply would only fail the same way until max_deliver.
  msg.term();
  count(deps, type, "invalid");
  deps.log.error("invalid event, terminated", fields);
}

function count(deps: HandleEventDeps, type: EventLabel, outcome: EventOutcome): void {
  deps.metrics.events.inc({ type, outcome });
}
