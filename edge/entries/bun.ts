import { createApp } from "../app.js";
import { createPorts } from "../runtime/create-ports.js";
import { listenAddress } from "../runtime/listen-address.js";

// The few parts of Bun's API this entry uses, so the repo needs no Bun type package.
interface BunServer {
  port: number;
  requestIP(req: Request): { address: string } | null;
  stop(): void;
}
declare const Bun: {
  env: Record<string, string | undefined>;
  serve(opts: { hostname: string; port: number; fetch(req: Request, server: BunServer): Response | Promise<Response> }): BunServer;
};

const ports = await createPorts(Bun.env);
const app = createApp({
  ports: () => ports,
  clientAddress: (c) => {
    const { server } = c.env as { server: BunServer };
    return server.requestIP(c.req.raw)?.address ?? "";
  },
});

const { hostname, port } = listenAddress(Bun.env);
const server = Bun.serve({ hostname, port, fetch: (req, srv) => app.fetch(req, { server: srv }) });
ports.log.info("edge listening", { runtime: "bun", url: `http://${hostname}:${server.port}` });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => (server.stop(), process.exit(0)));
