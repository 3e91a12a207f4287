import { SpanStatusCode, type Span } from "@opentelemetry/api";
import { redactText } from "../logger.js";

const MAX_STATUS_MESSAGE_LENGTH = 300;

/**
 * Marks a span failed with the error's name and message, scrubbed as log lines are: spans leave the
 * process too, and SDK errors carry URLs. Not recordException: its stack trace adds nothing a log lacks.
 */
export function markFailed(span: Span, err: unknown): void {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: redactText(text).slice(0, MAX_STATUS_MESSAGE_LENGTH) });
}
