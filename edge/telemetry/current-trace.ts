import { trace } from "@opentelemetry/api";
import { traceFieldsOf } from "../../shared/telemetry/index.js";

/**
 * The request span's W3C trace context, kept on the outbox row so the trace continues in the
 * origin with this request as the parent (not merely the caller's span). Empty only when the
 * request runs outside the tracing middleware.
 */
export function currentTrace(): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const [name, value] of Object.entries(traceFieldsOf(trace.getActiveSpan()?.spanContext()))) if (value) stored[name] = value;
  return stored;
}
