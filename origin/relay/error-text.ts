import { redactText } from "../../shared/logger.js";

const MAX_ERROR_LENGTH = 500;

/**
 * What goes into `outbox.last_error`: name, message and the first cause (the client reports
 * "jetstream is not enabled" for a plain no-responders during an election), scrubbed and bounded.
 */
export function errorText(err: unknown): string {
  const text = describe(err) + (err instanceof Error && err.cause !== undefined ? ` (cause: ${describe(err.cause)})` : "");
  return redactText(text).slice(0, MAX_ERROR_LENGTH);
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
