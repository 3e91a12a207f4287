import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureAptPackages } from "../infra/apt.js";
import { freePort } from "./free-port.js";

const PROMETHEUS = "prometheus";
const PROMTOOL = "promtool";
const READY_TIMEOUT_MS = 20_000;
const POLL_MS = 200;
const STOP_GRACE_MS = 5_000;

/** Scrape jobs by name, as deploy/prometheus/prometheus.yml names them; each a list of host:port. */
export type ScrapeTargets = Record<string, string[]>;

export interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  /** An instant query through the HTTP API; throws on a query Prometheus refuses. */
  query(promql: string): Promise<QueryResult[]>;
  /** Every metric name Prometheus has stored. */
  metricNames(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Installs Debian's `prometheus` package (prometheus and promtool) when either is missing, as the stack does for its servers. */
export async function ensurePrometheus(): Promise<void> {
  const log = { info: (m: string) => console.log(`[prometheus] ${m}`), warn: (m: string) => console.warn(`[prometheus] ${m}`) };
  await ensureAptPackages(
    [PROMETHEUS, PROMTOOL].map((binary) => ({ binary, aptPackage: "prometheus" })),
    log,
  );
}

/**
 * A real Prometheus (Debian's `prometheus` package) scraping the given targets every second, with
 * its store in a scratch directory. JSON is YAML, so the generated config needs no YAML library.
 */
export async function startPrometheus(targets: ScrapeTargets, scrapeIntervalSeconds = 1): Promise<RunningPrometheus> {
  await ensurePrometheus();
  const dir = await mkdtemp(join(tmpdir(), "vod-prometheus-"));
  const config = {
    global: {
      scrape_interval: `${scrapeIntervalSeconds}s`,
      scrape_timeout: `${scrapeIntervalSeconds}s`,
      evaluation_interval: `${scrapeIntervalSeconds}s`,
    },
    scrape_configs: Object.entries(targets).map(([job, list]) => ({ job_name: job, static_configs: [{ targets: list }] })),
  };
  await writeFile(join(dir, "prometheus.yml"), JSON.stringify(config, null, 2));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  proc.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      proc.kill("SIGTERM");
      const killer = setTimeout(() => proc.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, proc, () => stderr);
  } catch (err) {
    await stop();
    throw err;
  }
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(url + path);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`${path}: ${body.error ?? res.status}`);
    return body.data;
  };
  return {
    url,
    query: async (promql) => (await api<{ result: QueryResult[] }>(`/api/v1/query?query=${encodeURIComponent(promql)}`)).result,
    metricNames: () => api<string[]>("/api/v1/label/__name__/values"),
    stop,
  };
}

async function waitUntilReady(url: string, proc: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`prometheus exited with ${proc.exitCode}:\n${output()}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`prometheus not ready after ${READY_TIMEOUT_MS} ms:\n${output()}`);
}
