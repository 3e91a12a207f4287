import type { Context } from "hono";
import { envelope, errorStatus } from "../../shared/http/envelope.js";

// app.use() middleware is registered for every method, and the web app's catch-all for any path: neither says what a path allows.
const MIDDLEWARE_METHOD = "ALL";

const patternOf = (path: string) => new RegExp(`^${path.replace(/\./g, "\\.").replace(/:[^/]+/g, "[^/]+")}$`);

/**
 * A path the API has, asked with a method it does not have: 405 with the methods it has (`Allow`) in
 * the envelope, rather than a 404 saying the resource does not exist. Any other miss goes to `otherwise`.
 */
export function methodNotAllowed(
  routes: readonly { method: string; path: string }[],
  otherwise: (c: Context) => Response | Promise<Response>,
) {
  const known = routes
    .filter((r) => r.method !== MIDDLEWARE_METHOD && !r.path.includes("*"))
    .map((r) => ({ method: r.method, pattern: patternOf(r.path) }));
  return (c: Context) => {
    const allowed = new Set(known.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method));
    if (allowed.size === 0) return otherwise(c);
    if (allowed.has("GET")) allowed.add("HEAD");
    c.header("Allow", [...allowed].join(", "));
    const { status, message } = errorStatus.method_not_allowed;
    return c.json(envelope(message, {}), status as 405);
  };
}
