import { rm } from "node:fs/promises";
import pg from "pg";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { originServices, startOriginServices } from "../local/launcher/origin-processes.js";
import { startStack } from "../local/launcher/stack.js";
import { buildWeb } from "../web/build.js";
import { freePort } from "../local/testing/free-port.js";

declare module "vitest" {
  export interface ProvidedContext {
    stackEnv: Record<string, string>;
  }
}

interface SharedStack {
  env: Promise<Record<string, string>>;
  users: number;
  stop(): Promise<void>;
}

// Vitest loads a project's global setup through that project's own module runner, so module state is
// per project; the stack is shared through the one process they all run in, whichever projects run.
const SHARED = Symbol.for("vod.test-stack");
const holder = globalThis as typeof globalThis & { [SHARED]?: SharedStack };

/**
 * The global setup of every project whose tests need the local stack: it starts once per run, on the
 * first such project, and stops when the last one tears down. Tests isolate themselves with unique ids.
 */
export async function setup(project: TestProject) {
  const shared = (holder[SHARED] ??= startShared());
  shared.users += 1;
  project.provide("stackEnv", await shared.env);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete holder[SHARED];
    await shared.stop();
  };
}

function startShared(): SharedStack {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  // Everything of this run under a folder of its own (NATS store, S3, keys), removed at the end, so two
  // runs on one machine never share or delete each other's state; NATS starts from an empty store.
  const dataDir = join(process.cwd(), ".data", "test", `run-${runId}`);
  const stops: (() => Promise<void>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  const env = startRun(runId, dataDir, stops).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { env, users: 0, stop };
}

async function startRun(runId: string, dataDir: string, stops: (() => Promise<void>)[]): Promise<Record<string, string>> {
  // web/dist as `npm run dev` builds it: the runtimes' edges serve it and wrangler's [assets] needs it.
  await buildWeb();
  const quiet = { info: () => undefined, warn: (m: string) => console.warn(`[stack] ${m}`) };
  const stack = await startStack({
    dataDir,
    // A database of this run's own: another run's relay on the same machine must not take its outbox rows.
    database: `vod_test_${runId}`,
    ports: { neonProxy: 0, upstashProxy: 0, s3: 0, cdn: 0 },
    corsOrigins: ["http://app.test"],
    // In-process harnesses answer for this origin; servers on a real port set their own.
    publicBaseUrl: "http://edge.test",
    log: quiet,
    env: { ...process.env, NATS_URL: `nats://127.0.0.1:${await freePort()}` },
  });
  stops.push(() => dropDatabase(stack.env.DATABASE_URL!));
  stops.push(() => stack.stop());
  const services = originServices({ ENCODERS: "2" }, 0);
  for (const service of services) service.metricsPort = await freePort();
  const started = await startOriginServices(
    process.cwd(),
    { ...stack.env, LOG_LEVEL: "warn", ENCODER_TMP_DIR: join(dataDir, "encoder-tmp") },
    services,
  );
  stops.push(async () => {
    for (const p of started.processes) await p.stop();
  });
  const metricsUrls = Object.entries(started.urls).map(([name, url]) => [`${name.toUpperCase().replace(/-/g, "_")}_METRICS_URL`, url]);
  return { ...stack.env, ...Object.fromEntries(metricsUrls) };
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const server = new URL(databaseUrl);
  const name = server.pathname.slice(1);
  server.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: server.toString() });
  try {
    await admin.connect();
  } catch (error) {
    // The stack's own Postgres (none answered when it started) stopped with it; its data dir goes next.
    if ((error as NodeJS.ErrnoException).code === "ECONNREFUSED") return;
    throw error;
  }
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
