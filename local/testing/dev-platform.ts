import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import pg from "pg";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    // The wildcard address, as the origin services' metrics servers bind.
    server.listen(port, () => server.close(() => resolve(true)));
  });

/**
 * `count` consecutive free ports (the origin services take ORIGIN_METRICS_BASE_PORT and the ones after
 * it), below Linux's ephemeral range so that no outgoing connection is handed one of them meanwhile.
 */
async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => canListen(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

/**
 * Each run has a database of its own, dropped when it stops: the data directory (storage) is new every
 * time, so rows of an earlier run would point at files that no longer exist, and runs on one machine at
 * the same time stay apart. Nothing to do when the Postgres was the launcher's own, under the data directory.
 */
async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
  try {
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
  } catch {
    // no server yet
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface DevPlatform {
  /** The edge: the web app and the API on one origin. */
  edgeUrl: string;
  cdnUrl: string;
  s3Url: string;
  /** Its own database, for tests that arrange rows the API has no route for (a finished encode). */
  databaseUrl: string;
  /** The launcher's process id: every service it starts is a descendant. */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

export interface DevPlatformOptions {
  readyTimeoutMs?: number;
  /** Every chunk the platform writes, as it comes (to keep its logs in a file). */
  onOutput?: (chunk: Buffer) => void;
}

/**
 * The platform as `npm run dev` starts it (`node scripts/dev.mjs`), on free ports, with its own data
 * directory, database and NATS (so no other stack's encoders take its jobs), plus `env` overrides for
 * the edge. Resolves on the `ready:` line.
 */
export async function startDevPlatform(
  env: Record<string, string> = {},
  { readyTimeoutMs = 240_000, onOutput }: DevPlatformOptions = {},
): Promise<DevPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), "vod-dev-platform-"));
  const ports = {
    EDGE_PORT: await freePort(),
    NEON_PROXY_PORT: await freePort(),
    UPSTASH_PROXY_PORT: await freePort(),
    S3_PORT: await freePort(),
    CDN_PORT: await freePort(),
    ORIGIN_METRICS_BASE_PORT: await freePortBlock(8),
  };
  const database = `vod_dev_${crypto.randomUUID().slice(0, 8)}`;
  const childEnv = {
    ...process.env,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    DATA_DIR: dataDir,
    DATABASE_NAME: database,
    NATS_URL: `nats://127.0.0.1:${await freePort()}`,
    ...env,
  };
  const child: ChildProcess = spawn(process.execPath, ["scripts/dev.mjs"], {
    cwd: process.cwd(),
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (c: Buffer) => {
    onOutput?.(c);
    output += c.toString();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // Ctrl-C as dev.mjs relays it: to the launcher alone, which stops what it started, in order.
      child.kill("SIGINT");
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, 45_000);
      await exited;
      clearTimeout(timer);
    }
    await dropDatabase(database);
    await rm(dataDir, { recursive: true, force: true });
  };

  const ready = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const line = /^ready: edge (http:\/\/\S+).*?\bs3 (http:\/\/\S+)\s+cdn (http:\/\/\S+)/m.exec(output);
      if (line) {
        clearInterval(timer);
        resolve(line);
      } else if (child.exitCode !== null || Date.now() - started > readyTimeoutMs) {
        clearInterval(timer);
        reject(new Error(`npm run dev did not get ready:\n${output.slice(-4000)}`));
      }
    }, 200);
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const databaseUrl = new URL(process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  databaseUrl.pathname = `/${database}`;
  return {
    edgeUrl: ready[1]!,
    s3Url: ready[2]!,
    cdnUrl: ready[3]!,
    databaseUrl: databaseUrl.toString(),
    pid: child.pid!,
    output: () => output,
    stop,
  };
}
