import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { StorageConfig } from "../../shared/config/storage-config.js";
import type { Logger } from "../../shared/logger.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import type { CorsOrigins } from "./cors.js";
import { handleRequest, type CdnContext, type Handled } from "./handle-request.js";
import { createCdnMetrics, type CdnMetrics } from "./metrics.js";
import { loadTrustedKeys, type TrustedKey } from "./trusted-keys.js";
import { createSignedUrlVerifier } from "./verify-signed-url.js";

const DEFAULT_HOST = "127.0.0.1";

export interface CdnEmulatorOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The base URL signers put in policies, e.g. http://127.0.0.1:8788; defaults to the listening URL. */
  publicBaseUrl?: string;
  storage: StorageConfig;
  /** The distribution's trusted key group; several during a key rotation. */
  trustedKeys: TrustedKey[];
  corsOrigins: CorsOrigins;
  log: Logger;
  clock?: () => Date;
  /** Where to count cdn_requests_total; uncounted without one. */
  registry?: Registry;
}

export interface RunningCdn {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A local stand-in for the CloudFront distribution in front of the bucket's `videos/` prefix: it refuses
 * anything not signed by a trusted key, as production does, and streams the objects from S3.
 */
export async function startCdnEmulator(opts: CdnEmulatorOptions): Promise<RunningCdn> {
  // Before binding: a bad key is a configuration error, and should not leave a port open behind it.
  const keys = loadTrustedKeys(opts.trustedKeys);
  const host = opts.host ?? DEFAULT_HOST;
  const s3 = createS3Client(opts.storage);
  const metrics = opts.registry ? createCdnMetrics(opts.registry) : undefined;
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const ctx: CdnContext = {
    source: { s3, bucket: opts.storage.S3_BUCKET },
    verify: createSignedUrlVerifier({ publicBaseUrl: opts.publicBaseUrl ?? url, keys }),
    corsOrigins: opts.corsOrigins,
    clock: opts.clock ?? (() => new Date()),
    log: opts.log,
  };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => void answer(ctx, metrics, req, res));
  opts.log.info("cdn emulator listening", { url, publicBaseUrl: opts.publicBaseUrl ?? url, trustedKeys: [...keys.keys()] });

  return {
    url,
    port,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Players keep connections alive; they would hold close() open.
        server.closeAllConnections();
      });
      s3.destroy();
    },
  };
}

async function answer(ctx: CdnContext, metrics: CdnMetrics | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  let handled: Handled;
  try {
    handled = await handleRequest(ctx, req, res);
  } catch (err) {
    ctx.log.error("cdn request failed", { err, method: req.method, path: pathOnly(req.url) });
    if (!res.headersSent) res.writeHead(500);
    res.end();
    handled = { outcome: "error", status: 500 };
  }
  metrics?.requests.inc({ outcome: handled.outcome });
  // The path only: the query string carries the signature and policy.
  const fields = {
    method: req.method,
    path: pathOnly(req.url),
    status: handled.status,
    outcome: handled.outcome,
    ms: Math.round(performance.now() - started),
  };
  if (handled.outcome === "denied") ctx.log.info("cdn request denied", { ...fields, reason: handled.deniedReason });
  else ctx.log.debug("cdn request", fields);
}

function pathOnly(target: string | undefined): string {
  const path = (target ?? "").split("?", 1)[0];
  return path === undefined || path === "" ? "/" : path;
}
