/**
 * Whether an error means a service the edge depends on (Neon, Upstash, S3) could not answer, as opposed
 * to a bug or a refused statement: such a request is worth retrying, so it is a 503, not a 500. The
 * drivers are recognised by what they throw, not imported, so this stays one runtime-neutral table.
 */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);
// Postgres SQLSTATE classes that say the server, not the statement, failed: connection exception (08),
// insufficient resources (53), shutdown or "cannot connect now" (57P), system error (58).
const SERVER_STATES = /^(08|53|57P|58)/;
// fetch's own failure: undici (Node) "fetch failed"; workerd "Network connection lost" and friends.
const FETCH_FAILED = /fetch failed|network connection lost|connection refused|socket hang up/i;
// @neondatabase/serverless: the HTTP endpoint answered 5xx (compute down, proxy failing).
const NEON_SERVER_ERROR = /^Server error \(HTTP status 5\d\d\)/;
const MAX_CHAIN = 6;

export function isDependencyOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CHAIN && current instanceof Error; depth++) {
    const { code, sourceError } = current as Error & { code?: unknown; sourceError?: unknown };
    if (current.name === "AbortError" || current.name === "TimeoutError") return true;
    // @upstash/redis throws these when Redis answered with an error instead of a result (or not JSON at all).
    if (current.name === "UpstashError" || current.name === "UpstashJSONParseError") return true;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || SERVER_STATES.test(code))) return true;
    if (FETCH_FAILED.test(current.message) || NEON_SERVER_ERROR.test(current.message)) return true;
    // Neon keeps the network failure in `sourceError`, drizzle wraps the driver's error in `cause`.
    current = sourceError ?? current.cause;
  }
  return false;
}
