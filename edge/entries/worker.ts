import { createApp } from "../app.js";
import { portsPerEnv } from "../runtime/create-ports.js";
import { workersCache } from "../runtime/workers-cache.js";

const ports = portsPerEnv({ cache: workersCache() });

/** Cloudflare Workers: bindings are the environment; Cloudflare sets the caller's address header. */
const app = createApp({
  ports: (c) => ports(c.env as Record<string, unknown>),
  clientAddress: (c) => c.req.header("cf-connecting-ip") ?? "",
});

export default app;
