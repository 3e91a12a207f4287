import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/transport-node";
import type { OutboxMessage } from "./claim.js";
import { errorText } from "./error-text.js";
import type { RelayMetrics } from "./metrics.js";

export type PublishResult =
  | { row: OutboxMessage; ok: true; duplicate: boolean }
  | { row: OutboxMessage; ok: false; error: string };

/**
 * Publishes one row with `Nats-Msg-Id` = its id, so a resend (after a timeout whose message did land,
 * or after a relay died before COMMIT) is dropped by the stream's duplicate window. Never rejects:
 * every error is retriable, including "jetstream is not enabled" during a cluster election.
 */
export async function publishRow(
  js: JetStreamClient,
  row: OutboxMessage,
  timeoutMs: number,
  metrics: RelayMetrics,
): Promise<PublishResult> {
  const stopTimer = metrics.publishDuration.startTimer();
  try {
    const ack = await js.publish(row.subject, JSON.stringify(row.payload), {
      msgID: row.id,
      headers: toNatsHeaders(row.headers),
      timeout: timeoutMs,
    });
    stopTimer({ outcome: "acked" });
    return { row, ok: true, duplicate: ack.duplicate };
  } catch (err) {
    stopTimer({ outcome: "failed" });
    metrics.publishFailures.inc({ subject: row.subject });
    return { row, ok: false, error: errorText(err) };
  }
}

// Trace context (traceparent, tracestate) written by the edge; anything not a string is not a header.
function toNatsHeaders(stored: Record<string, unknown>) {
  const h = natsHeaders();
  for (const [key, value] of Object.entries(stored)) if (typeof value === "string") h.set(key, value);
  return h;
}
