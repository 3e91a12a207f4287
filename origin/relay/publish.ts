import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { setTimeout as sleep } from "node:timers/promises";
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import { contextFrom, recordCarrier, TRACE_HEADERS, writeTrace } from "../../shared/telemetry/index.js";
import type { OutboxMessage } from "./claim.js";
import { errorText } from "./error-text.js";
import { subjectLabel, type RelayMetrics } from "./metrics.js";

const tracer = trace.getTracer("vod-relay");
// A JetStream cluster electing a stream leader answers publishes with no responders, which the client
// reports as "jetstream is not enabled", for ~4-5 s: resent at this pace within the publish timeout.
const ELECTION_RESEND_MS = 250;

export type PublishResult = { row: OutboxMessage; ok: true; duplicate: boolean } | { row: OutboxMessage; ok: false; error: string };

/**
 * Publishes one row with `Nats-Msg-Id` = its id, so a resend (after a timeout whose message did land,
 * or after a relay died before COMMIT) is dropped by the stream's duplicate window. Never rejects:
 * every error is retriable, including "jetstream is not enabled" during a cluster election.
 *
 * Each attempt is a `relay publish` span, a child of the context the edge stored on the row; the
 * message carries the span's own context, so the encoder's work hangs below this hop.
 */
export async function publishRow(
  js: JetStreamClient,
  row: OutboxMessage,
  timeoutMs: number,
  metrics: RelayMetrics,
): Promise<PublishResult> {
  const parent = contextFrom([recordCarrier(row.headers)]);
  const span = tracer.startSpan(
    "relay publish",
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        "messaging.system": "nats",
        "messaging.operation.type": "send",
        "messaging.destination.name": row.subject,
        "messaging.message.id": row.id,
        "vod.outbox.attempt": row.attempts + 1,
      },
    },
    parent,
  );
  const stopTimer = metrics.publishDuration.startTimer();
  try {
    const ack = await publishThroughElection(js, row, toNatsHeaders(row.headers, span), timeoutMs);
    stopTimer({ outcome: "acked" });
    span.setAttribute("vod.duplicate", ack.duplicate);
    return { row, ok: true, duplicate: ack.duplicate };
  } catch (err) {
    stopTimer({ outcome: "failed" });
    metrics.publishFailures.inc({ subject: subjectLabel(row.subject) });
    const error = errorText(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    return { row, ok: false, error };
  } finally {
    span.end();
  }
}

/**
 * Publishes, resending with the same `Nats-Msg-Id` while the stream has no leader (the stream drops a
 * copy that did land), until `timeoutMs` has passed in all; any other error is returned at once and the
 * row is rescheduled.
 */
async function publishThroughElection(js: JetStreamClient, row: OutboxMessage, headers: MsgHdrs, timeoutMs: number): Promise<PubAck> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const timeout = Math.max(1, deadline - Date.now());
    try {
      return await js.publish(row.subject, JSON.stringify(row.payload), { msgID: row.id, headers, timeout });
    } catch (err) {
      if (!isLeaderless(err) || deadline - Date.now() <= ELECTION_RESEND_MS) throw err;
      await sleep(ELECTION_RESEND_MS);
    }
  }
}

// The package's entry does not export the class, only its name is there to match.
const isLeaderless = (err: unknown): boolean => err instanceof Error && err.name === "JetStreamNotEnabled";

// The stored headers minus their trace context, which is replaced by this hop's; anything not a string is not a header.
function toNatsHeaders(stored: Record<string, unknown>, span: Span): MsgHdrs {
  const h = natsHeaders();
  for (const [key, value] of Object.entries(stored)) {
    if (typeof value === "string" && !(TRACE_HEADERS as readonly string[]).includes(key)) h.set(key, value);
  }
  // Without a tracer the span is the stored context itself, so the edge's traceparent passes through unchanged.
  writeTrace(h, span.spanContext());
  return h;
}
