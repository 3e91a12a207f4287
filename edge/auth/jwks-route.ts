import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { EdgeEnv } from "../http/index.js";

const jwksRoute = createRoute({
  method: "get",
  path: "/.well-known/jwks.json",
  operationId: "getJwks",
  summary: "Keys that verify access tokens",
  description:
    "The public keys (JWK Set) that verify access tokens, for services that check them without calling the API. Cached for 5 minutes.",
  tags: ["auth"],
  responses: {
    200: {
      description: "Public keys that verify access tokens (RFC 7517); not enveloped, as verifiers expect",
      content: { "application/json": { schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) } },
    },
  },
});

export const jwksRoutes = new OpenAPIHono<EdgeEnv>().openapi(jwksRoute, (c) => {
  c.header("Cache-Control", "public, max-age=300");
  return c.json({ keys: c.var.ports.keys.jwks.keys as Record<string, unknown>[] }, 200);
});
