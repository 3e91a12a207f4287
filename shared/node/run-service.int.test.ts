import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../local/testing/free-port.js";

const STARTED_TIMEOUT_MS = 20_000;

interface SampleProcess {
  metricsUrl: string;
  stdout: () => string;
  stderr: () => string;
  /** The JSON log lines so far. */
  logs: () => Record<string, unknown>[];
  exited: Promise<number | null>;
  signal: (signal: NodeJS.Signals) => void;
}

const running: SampleProcess[] = [];

afterEach(async () => {
  for (const sample of running.splice(0)) {
    sample.signal("SIGKILL");
    await sample.exited;
  }
});

/** `node --import tsx` rather than the tsx CLI, so a signal reaches the service and not a wrapper. */
async function startSample(env: Record<string, string>): Promise<SampleProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "shared/node/testing/sample-service.ts"], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "pipe"],
    // Nothing inherited: a LOG_LEVEL or an OTEL endpoint in the developer's shell must not change the outcome.
    env: { PATH: process.env.PATH ?? "", METRICS_PORT: String(port), ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const sample: SampleProcess = {
    metricsUrl: `http://127.0.0.1:${port}`,
    stdout: () => stdout,
    stderr: () => stderr,
    logs: () =>
      stdout
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    exited,
    signal: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  running.push(sample);
  return sample;
}

async function waitForLog(sample: SampleProcess, message: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + STARTED_TIMEOUT_MS;
  for (;;) {
    const line = sample.logs().find((l) => l.message === message);
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no "${message}" log line; output:\n${sample.stdout()}${sample.stderr()}`);
    await sleep(50);
  }
}

const messages = (sample: SampleProcess) => sample.logs().map((l) => l.message);

describe("runService", () => {
  it("serves health and metrics, and on SIGTERM stops the service while still serving, then exits 0", async () => {
    const sample = await startSample({ SAMPLE_STOP_MS: "1000", SAMPLE_STOP_DEADLINE_MS: "10000" });
    await waitForLog(sample, "sample started");
    expect((await fetch(`${sample.metricsUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${sample.metricsUrl}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${sample.metricsUrl}/metrics`)).text()).toContain("process_cpu_user_seconds_total");

    sample.signal("SIGTERM");
    await waitForLog(sample, "sample stopping");
    // Mid-stop: out of readiness, yet alive and still scraped.
    const ready = await fetch(`${sample.metricsUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "unavailable", failing: ["accepting"] });
    expect((await fetch(`${sample.metricsUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${sample.metricsUrl}/metrics`)).status).toBe(200);

    expect(await sample.exited, sample.stdout()).toBe(0);
    expect(messages(sample)).toEqual(expect.arrayContaining(["stopping", "sample stopping", "sample stopped"]));
    expect(messages(sample)).not.toContain("clean stop took too long, exiting");
    await expect(fetch(`${sample.metricsUrl}/healthz`)).rejects.toThrow();
  });

  it("logs a stop that outlives its deadline and exits 1", async () => {
    const sample = await startSample({ SAMPLE_STOP_MS: "30000", SAMPLE_STOP_DEADLINE_MS: "500" });
    await waitForLog(sample, "sample started");
    const signalledAt = Date.now();
    sample.signal("SIGTERM");
    expect(await sample.exited).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(await waitForLog(sample, "clean stop took too long, exiting")).toMatchObject({
      level: "error",
      service: "sample",
      deadlineMs: 500,
    });
    expect(messages(sample)).not.toContain("sample stopped");
  });

  it("logs a stop that fails and exits 1 without waiting out the deadline", async () => {
    const sample = await startSample({ SAMPLE_STOP_MS: "0", SAMPLE_STOP_DEADLINE_MS: "30000", SAMPLE_STOP: "fail" });
    await waitForLog(sample, "sample started");
    const signalledAt = Date.now();
    sample.signal("SIGTERM");
    expect(await sample.exited).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(await waitForLog(sample, "sample stop failed")).toMatchObject({ level: "error", err: { message: "sample could not stop" } });
    expect(messages(sample)).not.toContain("clean stop took too long, exiting");
  });

  it("prints every configuration problem and exits 1 before starting anything", async () => {
    const sample = await startSample({ METRICS_PORT: "eighty", LOG_LEVEL: "loud", SAMPLE_STOP_DEADLINE_MS: "0" });
    expect(await sample.exited).toBe(1);
    const problems = sample.stderr();
    expect(problems).toContain("Invalid configuration:");
    expect(problems).toContain("METRICS_PORT: ");
    expect(problems).toContain("LOG_LEVEL: ");
    expect(problems).toContain("SAMPLE_STOP_MS is required");
    expect(problems).toContain("SAMPLE_STOP_DEADLINE_MS: ");
    expect(sample.stdout()).toBe("");
  });

  it("logs a start-up failure and exits 1", async () => {
    const sample = await startSample({ SAMPLE_STOP_MS: "0", SAMPLE_STOP_DEADLINE_MS: "1000", SAMPLE_START: "fail" });
    expect(await sample.exited).toBe(1);
    expect(await waitForLog(sample, "sample failed to start")).toMatchObject({
      level: "error",
      err: { message: "sample refused to start" },
    });
  });
});
