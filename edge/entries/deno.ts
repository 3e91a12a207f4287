import { createApp } from "../app.js";
import { denoClientAddress } from "../runtime/deno/index.js";
import { createPorts } from "../runtime/index.js";
import { fileWebFiles, listenAddress } from "../runtime/server/index.js";

// The few parts of Deno's API this entry uses, so the repo needs no Deno type package.
declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(
    opts: { hostname: string; port: number; onListen?(addr: { port: number }): void },
    handler: (req: Request, info: object) => Response | Promise<Response>,
  ): unknown;
};

const env = Deno.env.toObject();
const ports = await createPorts(env);
// The web app from web/dist (or WEB_DIST_DIR), beside the API on the same origin.
const web = { files: fileWebFiles(env.WEB_DIST_DIR) };
const app = createApp({ ports: () => ports, clientAddress: denoClientAddress }, web);

const { hostname, port } = listenAddress(env);
Deno.serve(
  { hostname, port, onListen: (addr) => ports.log.info("edge listening", { runtime: "deno", url: `http://${hostname}:${addr.port}` }) },
  // hono/deno's getConnInfo reads the peer from the env, which is Deno.serve's `info` itself.
  (req, info) => app.fetch(req, info),
);
