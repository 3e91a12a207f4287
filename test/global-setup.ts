import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { originServices, startOriginServices } from "../origin/local-stack/origin-services.js";
import type { Managed } from "../origin/local-stack/processes.js";
import { startStack, type RunningStack } from "../origin/local-stack/stack.js";
import { freePort } from "./free-port.js";

declare module "vitest" {
  export interface ProvidedContext {
    stackEnv: Record<string, string>;
  }
}

let stack: RunningStack | undefined;
let origin: Managed[] = [];

/** Starts the local stack once for the whole run: tests isolate themselves with unique ids. */
export async function setup(project: TestProject) {
  const quiet = { info: () => undefined, warn: (m: string) => console.warn(`[stack] ${m}`) };
  const dataDir = join(process.cwd(), ".data", "test");
  // A NATS of this run's own, from an empty store: no stream holds jobs or events of an earlier run.
  await rm(join(dataDir, "nats"), { recursive: true, force: true });
  stack = await startStack({
    dataDir,
    database: "vod_test",
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
}
