import type { IncomingMessage } from "node:http";
import { serve } from "@hono/node-server";
import { createApp } from "../app.js";
import { createPorts } from "../runtime/create-ports.js";
import { listenAddress } from "../runtime/listen-address.js";

const ports = await createPorts(process.env);
const app = createApp({
  ports: () => ports,
  clientAddress: (c) => (c.env as { incoming?: IncomingMessage }).incoming?.socket.remoteAddress ?? "",
});

const { hostname, port } = listenAddress(process.env);
const server = serve({ fetch: app.fetch, hostname, port }, (info) => {
  ports.log.info("edge listening", { runtime: "node", url: `http://${hostname}:${info.port}` });
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
