import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../local/launcher/free-port.js";
import { startStack, type RunningStack } from "../../local/launcher/stack.js";
import { quietLog, say } from "./log.js";

export const BENCH_DATABASE = "vod_bench";

export interface BenchStack {
  /** The production variable names, as the edge and the origin services read them. */
  env: Record<string, string>;
  /** The Postgres server's own URL (any database), for figures that create their own database. */
  postgresUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The local stack as the test suite starts it (`startStack`), in a temporary data dir, with a database and
 * a NATS of the bench's own; Postgres and Redis are reused when they answer at their usual addresses.
 */
export async function startBenchStack(): Promise<BenchStack> {
  const dataDir = await mkdtemp(join(tmpdir(), "vod-bench-stack-"));
  const postgresUrl = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  say(`starting the local stack (data in ${dataDir})`);
  let stack: RunningStack;
  try {
    stack = await startStack({
      dataDir,
      database: BENCH_DATABASE,
      ports: { neonProxy: 0, upstashProxy: 0, s3: 0, cdn: 0 },
      corsOrigins: ["http://bench.test"],
      publicBaseUrl: "http://bench.test",
      log: quietLog,
      env: { ...process.env, POSTGRES_URL: postgresUrl, NATS_URL: `nats://127.0.0.1:${await freePort()}` },
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    env: stack.env,
    postgresUrl,
    dataDir,
    stop: async () => {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
