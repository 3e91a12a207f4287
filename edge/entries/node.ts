import { serve } from "@hono/node-server";
import { createApp } from "../app.js";
import { createPorts } from "../runtime/index.js";
import { nodeClientAddress } from "../runtime/node/index.js";
import { fileWebFiles, listenAddress } from "../runtime/server/index.js";
import { createEdgeHttpMetrics } from "../metrics/index.js";

const ports = await createPorts(process.env);
// The web app from web/dist (or WEB_DIST_DIR), beside the API on the same origin.
const web = { files: fileWebFiles(process.env.WEB_DIST_DIR) };
// Prometheus scrapes /metrics here; on Workers, traces stand in for it.
const metrics = createEdgeHttpMetrics({ processMetrics: true });
const app = createApp({ ports: () => ports, clientAddress: nodeClientAddress }, web, {
  middleware: [metrics.middleware],
  metrics: metrics.serve,
});

const { hostname, port } = listenAddress(process.env);
const server = serve({ fetch: app.fetch, hostname, port }, (info) => {
  ports.log.info("edge listening", { runtime: "node", url: `http://${hostname}:${info.port}` });
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // The last spans leave before the process does.
  process.once(signal, () => server.close(() => void ports.tracing.flush().finally(() => process.exit(0))));
}
