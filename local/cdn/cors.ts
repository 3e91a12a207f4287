import type { IncomingMessage } from "node:http";

export type CorsOrigins = string[] | "*";

const ALLOWED_METHODS = ["GET", "HEAD"];
// Players fetch segments by byte range; nothing else needs to be sent.
const ALLOWED_HEADERS = "Range";
// Players read sizes and ranges; the denial reason helps whoever debugs a player in the browser.
const EXPOSED_HEADERS = "Content-Length, Content-Range, ETag, x-cdn-denied-reason";
const PREFLIGHT_MAX_AGE_SECONDS = 3000;

/** The Access-Control-Allow-Origin value for this request's Origin, or null when it gets none. */
function allowOrigin(origins: CorsOrigins, origin: string | undefined): string | null {
  if (origin === undefined) return null;
  if (origins === "*") return "*";
  return origins.includes(origin) ? origin : null;
}

/** Headers for a GET or HEAD answer (including a denial, so a player can read its status). */
export function corsHeaders(origins: CorsOrigins, req: IncomingMessage): Record<string, string> {
  // A cache in front must not give one origin's answer to another when the value depends on it.
  const vary: Record<string, string> = origins === "*" ? {} : { vary: "Origin" };
  const allowed = allowOrigin(origins, req.headers.origin);
  if (allowed === null) return vary;
  return { ...vary, "access-control-allow-origin": allowed, "access-control-expose-headers": EXPOSED_HEADERS };
}

/** Headers for an OPTIONS preflight, or null when the preflight is refused (origin or method not allowed). */
export function preflightHeaders(origins: CorsOrigins, req: IncomingMessage): Record<string, string> | null {
  const allowed = allowOrigin(origins, req.headers.origin);
  const method = req.headers["access-control-request-method"];
  if (allowed === null || method === undefined || !ALLOWED_METHODS.includes(method)) return null;
  return {
    ...(origins === "*" ? {} : { vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers" }),
    "access-control-allow-origin": allowed,
    "access-control-allow-methods": ALLOWED_METHODS.join(", "),
    "access-control-allow-headers": ALLOWED_HEADERS,
    "access-control-max-age": String(PREFLIGHT_MAX_AGE_SECONDS),
  };
}
