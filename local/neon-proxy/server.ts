import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listen } from "../http/listen.js";
import { withLatency } from "../http/simulated-latency.js";
import { createAllowList } from "./allow-list.js";
import { applyCors } from "./cors.js";
import { sendJson } from "./http-response.js";
import { PgPools } from "./pg-pools.js";
import { createSqlOverHttpHandler } from "./sql-over-http.js";
import { WsTunnels } from "./ws-tunnel.js";

export interface NeonProxyOptions {
  /** Interface to listen on; defaults to 127.0.0.1 so the proxy is not reachable from the network. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** `host:port` entries the proxy may connect to, on both the WebSocket and the HTTP path. */
  allowedAddresses: string[];
  /** Each SQL-over-HTTP request is answered this many milliseconds late, as from a far region (default 0). */
  latencyMs?: number;
}

export interface RunningNeonProxy {
  /** Base URL, e.g. `http://127.0.0.1:4444`; SQL over HTTP is at `${url}/sql`. */
  url: string;
  port: number;
  /** Closes the listener, every tunnel and every pooled connection. Safe to call twice. */
  close(): Promise<void>;
}

const SQL_PATH = "/sql";

/** Starts a local stand-in for Neon's proxy in front of plain Postgres. */
export async function startNeonProxy(opts: NeonProxyOptions): Promise<RunningNeonProxy> {
  const host = opts.host ?? "127.0.0.1";
  const allow = createAllowList(opts.allowedAddresses);
  const pools = new PgPools();
  const tunnels = new WsTunnels(allow);
  const handleSql = createSqlOverHttpHandler(allow, pools);

  const server = createServer(withLatency(opts.latencyMs ?? 0, (req, res) => route(req, res, handleSql)));
  server.on("upgrade", (req, socket, head) => tunnels.handleUpgrade(req, socket, head));
  const { url, port } = await listen(server, opts.port, host);

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    const serverClosed = closeServer(server);
    tunnels.close();
    await Promise.all([serverClosed, pools.close()]);
  };

  return { url, port, close: () => (closing ??= close()) };
}

function route(req: IncomingMessage, res: ServerResponse, handleSql: (req: IncomingMessage, res: ServerResponse) => Promise<void>): void {
  const path = new URL(req.url ?? "/", "http://neon-proxy.invalid").pathname;
  if (path !== SQL_PATH) return sendJson(res, 404, { message: `no route for ${path}` });
  applyCors(req, res);
  if (req.method === "OPTIONS") {
    res.writeHead(204).end();
    return;
  }
  if (req.method !== "POST") return sendJson(res, 405, { message: "use POST" }, { Allow: "POST, OPTIONS" });
  void handleSql(req, res);
}
