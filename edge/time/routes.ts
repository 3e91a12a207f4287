import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { EdgeEnv } from "../http/index.js";

/** Where players read the time; rewritten DASH manifests name it in their UTCTiming element. */
export const TIME_PATH = "/time";

const timeRoute = createRoute({
  method: "get",
  path: TIME_PATH,
  operationId: "getTime",
  summary: "The server's clock",
  description:
    "The current time, which rewritten DASH manifests name in their UTCTiming element: a player whose clock is off would ask for segments of a growing video that do not exist yet. Never cached; readable from any origin.",
  tags: ["playback"],
  responses: {
    200: {
      description:
        "The current time as an ISO 8601 xs:dateTime with milliseconds (DASH `urn:mpeg:dash:utc:http-xsdate:2014`), the clock players of a video still encoding need; not enveloped",
      content: { "text/plain": { schema: z.string().openapi({ example: "2026-01-01T12:00:00.000Z" }) } },
    },
  },
});

/**
 * A dynamic manifest's segments become available by the clock, so a player whose clock is off asks for
 * segments that do not exist yet, or waits for ones that do: it measures the offset against this.
 */
export const timeRoutes = new OpenAPIHono<EdgeEnv>().openapi(timeRoute, (c) => {
  // Never cached: a stored answer is a wrong one.
  c.header("Cache-Control", "no-store");
  // Readable by a player on any origin; the time is no secret and the request carries no credentials,
  // so the allow-list's credentialed CORS answer is replaced by a plain `*`.
  c.header("Access-Control-Allow-Origin", "*");
  c.header("Access-Control-Allow-Credentials", undefined);
  return c.text(c.var.ports.clock().toISOString(), 200);
});
