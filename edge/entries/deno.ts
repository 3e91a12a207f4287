import { createApp } from "../app.js";
import { createPorts } from "../runtime/create-ports.js";
import { fileWebFiles } from "../runtime/file-web-files.js";
import { listenAddress } from "../runtime/listen-address.js";

// The few parts of Deno's API this entry uses, so the repo needs no Deno type package.
interface DenoServeInfo {
  remoteAddr: { hostname: string };
}
declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(
    opts: { hostname: string; port: number; onListen?(addr: { port: number }): void },
    handler: (req: Request, info: DenoServeInfo) => Response | Promise<Response>,
  ): unknown;
};

const env = Deno.env.toObject();
const ports = await createPorts(env);
// The web app from web/dist (or WEB_DIST_DIR), beside the API on the same origin.
const web = { files: fileWebFiles(env.WEB_DIST_DIR) };
const app = createApp({
  ports: () => ports,
  clientAddress: (c) => (c.env as { info: DenoServeInfo }).info.remoteAddr.hostname,
}, web);

const { hostname, port } = listenAddress(env);
Deno.serve(
  { hostname, port, onListen: (addr) => ports.log.info("edge listening", { runtime: "deno", url: `http://${hostname}:${addr.port}` }) },
  (req, info) => app.fetch(req, { info }),
);
