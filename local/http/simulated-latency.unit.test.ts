import { createServer } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { closeServer, listen } from "./listen.js";
import { latencyFromEnv, withLatency } from "./simulated-latency.js";

describe("latencyFromEnv", () => {
  it("is 0 when the variable is unset or empty", () => {
    expect(latencyFromEnv({}, "LOCAL_NEON_LATENCY_MS")).toBe(0);
    expect(latencyFromEnv({ LOCAL_NEON_LATENCY_MS: " " }, "LOCAL_NEON_LATENCY_MS")).toBe(0);
  });

  it("reads whole milliseconds", () => {
    expect(latencyFromEnv({ LOCAL_UPSTASH_LATENCY_MS: "5" }, "LOCAL_UPSTASH_LATENCY_MS")).toBe(5);
  });

  it.each(["-1", "2.5", "50ms", "100000"])("refuses %s, naming the variable", (value) => {
    expect(() => latencyFromEnv({ LOCAL_NEON_LATENCY_MS: value }, "LOCAL_NEON_LATENCY_MS")).toThrow(/LOCAL_NEON_LATENCY_MS/);
  });
});

describe("withLatency", () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(closeServer));
  });

  async function timeOneRequest(latencyMs: number): Promise<number> {
    const server = createServer(withLatency(latencyMs, (_req, res) => res.end("ok")));
    servers.push(server);
    const { url } = await listen(server, 0, "127.0.0.1");
    await (await fetch(url)).text(); // a first request opens the connection
    const started = performance.now();
    expect(await (await fetch(url)).text()).toBe("ok");
    return performance.now() - started;
  }

  it("answers each request that much later", async () => {
    expect(await timeOneRequest(120)).toBeGreaterThanOrEqual(115);
  });

  it("adds nothing at 0", async () => {
    expect(await timeOneRequest(0)).toBeLessThan(100);
  });
});
