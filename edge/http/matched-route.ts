import type { Context } from "hono";
import { matchedRoutes } from "hono/route";

/** Label for a request no route took (CORS preflights, 404s on Workers): never the raw path, which is unbounded. */
export const UNMATCHED_ROUTE = "unmatched";
// app.use() middleware is registered for every method; routes name theirs.
const MIDDLEWARE_METHOD = "ALL";

/**
 * The pattern of the route that took the request (`/videos/:id`), for metric labels and span names;
 * read after `next()`. When a middleware answered instead (401, 413), the route it stood in front of.
 */
export function matchedRoute(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = c.req.routeIndex; i < routes.length; i++) {
    const route = routes[i];
    if (route && route.method !== MIDDLEWARE_METHOD) return route.path;
  }
  return UNMATCHED_ROUTE;
}
