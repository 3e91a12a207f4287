import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../local/launcher/free-port.js";
import { say } from "../common/log.js";

export const READY_DATABASE = "vod_bench_ready";
const START_TIMEOUT_MS = 300_000;
const OUTPUT_KEPT = 20_000;

export interface DevStack {
  /** The edge (`wrangler dev`) as `npm run dev` serves it. */
  api: string;
  /** Ctrl-C to the whole group, as in a terminal; removes the temp data dir. */
  stop(): Promise<void>;
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/**
 * `npm run dev` as `test/e2e/dev-command.test.ts` starts it: free ports, a temp DATA_DIR, a database of the
 * bench's own, and a NATS of its own (so no other stack's encoders take our jobs), with the default pool
 * (2 encoder workers). Resolves on its `ready:` line.
 */
export async function startDevStack(): Promise<DevStack> {
  const dataDir = await mkdtemp(join(tmpdir(), "vod-bench-dev-"));
  const edgePort = await freePort();
  const env = {
    DATA_DIR: dataDir,
    DATABASE_NAME: READY_DATABASE,
    EDGE_PORT: String(edgePort),
    NEON_PROXY_PORT: String(await freePort()),
    UPSTASH_PROXY_PORT: String(await freePort()),
    S3_PORT: String(await freePort()),
    CDN_PORT: String(await freePort()),
    ORIGIN_METRICS_PORTS: (await distinctFreePorts(6)).join(","),
    NATS_URL: `nats://127.0.0.1:${await freePort()}`,
    LOG_LEVEL: process.env.BENCH_STACK_LOG ? "info" : "warn",
  };
  say(`starting npm run dev (data in ${dataDir})`);
  const child = spawn("npm", ["run", "dev"], { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  // BENCH_STACK_LOG=<file>: the stack's info logs, to see where a run's time went (they cost a little CPU).
  const logFile = process.env.BENCH_STACK_LOG ? createWriteStream(process.env.BENCH_STACK_LOG) : null;
  const keep = (c: Buffer) => {
    logFile?.write(c);
    output = (output + c.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, "SIGINT");
      } catch {
        // already gone
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, 30_000);
      await exited;
      clearTimeout(killer);
    }
    await new Promise<void>((resolve) => (logFile ? logFile.end(resolve) : resolve()));
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!/^ready: edge http:\/\/127\.0\.0\.1:\d+/m.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm run dev did not get ready:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { api: `http://127.0.0.1:${edgePort}`, stop };
}
