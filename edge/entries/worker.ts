import { createApp } from "../app.js";
import { portsPerEnv } from "../runtime/index.js";
import { workersCache, workersClientAddress } from "../runtime/workers/index.js";

const ports = portsPerEnv({ cache: workersCache() });

/** Cloudflare Workers: the bindings are the environment, typed from wrangler.toml (worker-configuration.d.ts). */
const app = createApp<Env>({ ports: (c) => ports(c.env), clientAddress: workersClientAddress });

export default app;
