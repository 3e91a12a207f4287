import { createApp } from "../app.js";
import { bunClientAddress } from "../runtime/bun/index.js";
import { createPorts } from "../runtime/index.js";
import { fileWebFiles, listenAddress } from "../runtime/server/index.js";
import { createEdgeHttpMetrics } from "../metrics/index.js";

// The few parts of Bun's API this entry uses, so the repo needs no Bun type package.
interface BunServer {
  port: number;
  stop(): void;
}
declare const Bun: {
  env: Record<string, string | undefined>;
  serve(opts: { hostname: string; port: number; fetch(req: Request, server: BunServer): Response | Promise<Response> }): BunServer;
};

const ports = await createPorts(Bun.env);
// The web app from web/dist (or WEB_DIST_DIR), beside the API on the same origin.
const web = { files: fileWebFiles(Bun.env.WEB_DIST_DIR) };
// Prometheus scrapes /metrics here. prom-client's process metrics read Node internals Bun only partly has.
const metrics = createEdgeHttpMetrics();
const app = createApp({ ports: () => ports, clientAddress: bunClientAddress }, web, {
  middleware: [metrics.middleware],
  metrics: metrics.serve,
});

const { hostname, port } = listenAddress(Bun.env);
// hono/bun's getConnInfo asks the server in `env.server` for the peer's address.
const server = Bun.serve({ hostname, port, fetch: (req, srv) => app.fetch(req, { server: srv }) });
ports.log.info("edge listening", { runtime: "bun", url: `http://${hostname}:${server.port}` });
// The last spans leave before the process does.
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => (server.stop(), void ports.tracing.flush().finally(() => process.exit(0))));
