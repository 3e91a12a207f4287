import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrivateNats, type PrivateNats } from "../testing/private-nats.js";
import { freePort } from "../testing/free-port.js";
import { prepareTestDatabase } from "../testing/test-database.js";
import { originServices, startOriginServices } from "./origin-processes.js";
import type { Managed } from "./processes.js";

const DATABASE = "vod_origin_restart_test";
const COME_BACK_TIMEOUT_MS = 30_000;

let nats: PrivateNats;
let relay: Managed | undefined;
let healthz: string;
const lines: string[] = [];

const healthy = async (): Promise<boolean> =>
  (await fetch(healthz, { signal: AbortSignal.timeout(1_000) }).catch(() => null))?.status === 200;

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = COME_BACK_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms; launcher said ${JSON.stringify(lines)}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  nats = await createPrivateNats();
  await nats.start();
  const [service] = originServices({ ENCODERS: "0" }, 0).filter((s) => s.name === "relay");
  if (!service) throw new Error("the launcher starts no relay");
  service.metricsPort = await freePort();
  healthz = `http://127.0.0.1:${service.metricsPort}/healthz`;
  const env = { ...inject("stackEnv"), DATABASE_URL: await prepareTestDatabase(DATABASE), NATS_URL: nats.url, LOG_LEVEL: "warn" };
  // As `npm run dev` starts it.
  const started = await startOriginServices(process.cwd(), env, [service], { restart: { log: (line) => lines.push(line) } });
  relay = started.processes[0];
}, 90_000);

afterAll(async () => {
  await relay?.stop();
  await nats?.destroy();
});

describe("the launcher's origin processes", () => {
  it("starts a SIGKILLed relay again after 1 s and says so; a stop is final", async () => {
    const first = relay!.child.pid;
    process.kill(first!, "SIGKILL");

    await until("the restart announced", () => lines.length > 0);
    expect(lines).toEqual(["relay exited with code 137 (SIGKILL); restarting in 1 s"]);
    await until("a new relay answering /healthz", async () => relay!.child.pid !== first && (await healthy()));

    await relay!.stop();
    await sleep(1_500);
    expect(await healthy()).toBe(false);
    expect(lines).toHaveLength(1);
  }, 60_000);
});
