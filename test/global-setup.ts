import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startStack, type RunningStack } from "../origin/local-stack/stack.js";

declare module "vitest" {
  export interface ProvidedContext {
    stackEnv: Record<string, string>;
  }
}

let stack: RunningStack | undefined;

/** Starts the local stack once for the whole run: tests isolate themselves with unique ids. */
export async function setup(project: TestProject) {
  const quiet = { info: () => undefined, warn: (m: string) => console.warn(`[stack] ${m}`) };
  stack = await startStack({
    dataDir: join(process.cwd(), ".data", "test"),
    database: "vod_test",
    ports: { neonProxy: 0, upstashProxy: 0 },
    corsOrigins: ["http://app.test"],
    log: quiet,
    env: process.env,
  });
  project.provide("stackEnv", stack.env);
}

export async function teardown() {
  await stack?.stop();
}
