import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/** Far more than any region's distance: a typo (seconds for milliseconds) is refused, not slept through. */
const MAX_LATENCY_MS = 10_000;

/**
 * A distance in milliseconds from a variable such as LOCAL_NEON_LATENCY_MS: unset or empty is 0; anything but
 * a whole number from 0 to 10 000 is refused with the variable's name, so a stack never starts "near" by mistake.
 */
export function latencyFromEnv(env: Record<string, string | undefined>, name: string): number {
  const text = env[name]?.trim() ?? "";
  if (text === "") return 0;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_LATENCY_MS) {
    throw new Error(`${name} must be a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}, not "${text}"`);
  }
  return ms;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves each request `latencyMs` late, as if the service stood that far away: the caller sees one round trip
 * of that length per request it makes, which is what a far region costs. 0 leaves the handler as it is.
 */
export function withLatency(latencyMs: number, handler: Handler): Handler {
  if (latencyMs <= 0) return handler;
  return (req, res) => {
    void sleep(latencyMs).then(() => handler(req, res));
  };
}
