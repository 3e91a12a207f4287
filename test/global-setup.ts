import { rm } from "node:fs/promises";
import pg from "pg";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { originServices, startOriginServices } from "../local/launcher/origin-processes.js";
import type { Managed } from "../local/launcher/processes.js";
import { startStack, type RunningStack } from "../local/launcher/stack.js";
import { buildWeb } from "../web/build.js";
import { freePort } from "../local/testing/free-port.js";

declare module "vitest" {
  export interface ProvidedContext {
    stackEnv: Record<string, string>;
  }
}

const RUN_ID = `${process.pid}_${Date.now().toString(36)}`;
const RUN_DATABASE = `vod_test_${RUN_ID}`;
const RUN_DIR = join(process.cwd(), ".data", "test", `run-${RUN_ID}`);
let stack: RunningStack | undefined;
let origin: Managed[] = [];

/** Starts the local stack once for the whole run: tests isolate themselves with unique ids. */
export async function setup(project: TestProject) {
  // web/dist as `npm run dev` builds it: the runtimes' edges serve it and wrangler's [assets] needs it.
  await buildWeb();
  const quiet = { info: () => undefined, warn: (m: string) => console.warn(`[stack] ${m}`) };
  // Everything of this run under a folder of its own (NATS store, S3, keys), removed at the end, so two
  // runs on one machine never share or delete each other's state; NATS starts from an empty store.
  const dataDir = RUN_DIR;
  stack = await startStack({
    dataDir,
    // A database of this run's own: another run's relay on the same machine must not take its outbox rows.
    database: RUN_DATABASE,
    ports: { neonProxy: 0, upstashProxy: 0, s3: 0, cdn: 0 },
    corsOrigins: ["http://app.test"],
    log: quiet,
    env: { ...process.env, NATS_URL: `nats://127.0.0.1:${await freePort()}` },
  });
  const services = originServices({ ENCODERS: "2" }, 0);
  for (const service of services) service.metricsPort = await freePort();
  const started = await startOriginServices(process.cwd(), { ...stack.env, LOG_LEVEL: "warn", ENCODER_TMP_DIR: join(dataDir, "encoder-tmp") }, services);
  origin = started.processes;
  project.provide("stackEnv", { ...stack.env, ...Object.fromEntries(Object.entries(started.urls).map(([name, url]) => [`${name.toUpperCase().replace(/-/g, "_")}_METRICS_URL`, url])) });
}

export async function teardown() {
  for (const p of origin) await p.stop();
  await stack?.stop();
  await dropRunDatabase();
  await rm(RUN_DIR, { recursive: true, force: true });
}

async function dropRunDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${RUN_DATABASE} with (force)`);
  } finally {
    await admin.end();
  }
}
