import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { Logger } from "../logger.js";

/** Named checks; `false` (or a rejected promise) marks the process unhealthy. */
export type HealthChecks = () => Record<string, boolean> | Promise<Record<string, boolean>>;

export interface MetricsServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  registry: Registry;
  /** Liveness (`/healthz`): is the process working at all? */
  checks?: HealthChecks;
  /** Readiness (`/readyz`): should it get work now? Defaults to the liveness checks. */
  readiness?: HealthChecks;
  log?: Logger;
}

export interface RunningMetricsServer {
  port: number;
  close(): Promise<void>;
}

/** Serves `/metrics` for Prometheus and `/healthz` and `/readyz` for the orchestrator's probes; nothing else. */
export async function startMetricsServer(opts: MetricsServerOptions): Promise<RunningMetricsServer> {
  const server = createServer((req, res) => {
    route(req, res, opts).catch((err: unknown) => {
      opts.log?.error("metrics server request failed", { err, path: req.url });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Prometheus keeps its scrape connections alive; they would hold close() open.
        server.closeAllConnections();
      }),
  };
}

async function route(req: IncomingMessage, res: ServerResponse, opts: MetricsServerOptions): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "method not allowed");
  if (path === "/metrics") return send(res, 200, opts.registry.contentType, await opts.registry.metrics());
  if (path === "/healthz" || path === "/readyz") {
    const failing = await failingChecks(path === "/readyz" ? (opts.readiness ?? opts.checks) : opts.checks);
    return failing.length === 0
      ? send(res, 200, "application/json", JSON.stringify({ status: "ok" }))
      : send(res, 503, "application/json", JSON.stringify({ status: "unavailable", failing }));
  }
  return send(res, 404, "text/plain", "not found");
}

async function failingChecks(checks: HealthChecks | undefined): Promise<string[]> {
  if (!checks) return [];
  try {
    const results = await checks();
    return Object.entries(results)
      .filter(([, ok]) => !ok)
      .map(([name]) => name);
  } catch {
    return ["checks"];
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(body);
}
