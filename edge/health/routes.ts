import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { EdgeEnv } from "../http/index.js";
import type { EdgePorts } from "../ports/index.js";

type Check = "ok" | "failed";
const CHECK_TIMEOUT_MS = 2_000;

async function probe(run: () => Promise<unknown>): Promise<Check> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([run(), timeout]);
    return "ok";
  } catch {
    return "failed";
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(p: EdgePorts) {
  const [database, redis] = await Promise.all([probe(() => p.db.execute(sql`select 1`)), probe(() => p.redis.ping())]);
  const healthy = database === "ok" && redis === "ok";
  return { healthy, body: { status: healthy ? "healthy" : "unhealthy", checks: { database, redis } } };
}

const checks = z.object({ database: z.enum(["ok", "failed"]), redis: z.enum(["ok", "failed"]) });

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  summary: "Health of the edge and its dependencies",
  description: "Checks the database and Redis, each within 2 s. Not enveloped: `{status, checks}`, for load balancers and probes.",
  tags: ["health"],
  responses: {
    200: {
      description: "Every dependency answers",
      content: { "application/json": { schema: z.object({ status: z.literal("healthy"), checks }) } },
    },
    503: {
      description: "A dependency failed; `checks` names it",
      content: { "application/json": { schema: z.object({ status: z.literal("unhealthy"), checks }) } },
    },
  },
});

export const healthRoutes = new OpenAPIHono<EdgeEnv>().openapi(healthRoute, async (c) => {
  const { healthy, body } = await checkHealth(c.var.ports);
  c.header("Cache-Control", "no-store");
  return healthy
    ? c.json({ status: "healthy" as const, checks: body.checks }, 200)
    : c.json({ status: "unhealthy" as const, checks: body.checks }, 503);
});
