import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { ensureAptPackages } from "../../local/infra/index.js";
import { quietLog, say } from "../common/log.js";

const exec = promisify(execFile);
const SCRIPT = join(import.meta.dirname, "wrk-report.lua");
/** One wrk thread: the load generator shares the two cores with the servers under test. */
const THREADS = 1;

export interface LoadRun {
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  /** Non-2xx/3xx answers plus socket errors and timeouts. */
  errors: number;
  seconds: number;
}

/** wrk from Debian's package, installed through the stack's apt helper when it is missing; its version. */
export async function ensureWrk(): Promise<string> {
  await ensureAptPackages([{ binary: "wrk", aptPackage: "wrk" }], { ...quietLog, info: say });
  // `wrk -v` prints its version and exits 1.
  const out = await exec("wrk", ["-v"]).then(
    (r) => r.stdout + r.stderr,
    (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ""}${e.stderr ?? ""}`,
  );
  return (
    out
      .split("\n")[0]
      ?.replace(/ Copyright.*/, "")
      .trim() || "wrk"
  );
}

/** Closed-loop load from a separate process: `connections` keep one request in flight each for `seconds`. */
export async function runWrk(url: string, o: { connections: number; seconds: number; token?: string }): Promise<LoadRun> {
  const args = ["-t", String(THREADS), "-c", String(o.connections), "-d", `${o.seconds}s`, "--timeout", "5s", "-s", SCRIPT, url];
  const { stdout } = await exec("wrk", args, { env: { ...process.env, BENCH_TOKEN: o.token ?? "" }, maxBuffer: 1 << 20 });
  const line = stdout.split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
  const r = JSON.parse(line.slice("BENCH_JSON ".length)) as {
    requests: number;
    duration_us: number;
    p50_us: number;
    p90_us: number;
    p99_us: number;
    max_us: number;
    errors: Record<string, number>;
  };
  const seconds = r.duration_us / 1e6;
  return {
    requestsPerSecond: r.requests / seconds,
    p50Ms: r.p50_us / 1000,
    p90Ms: r.p90_us / 1000,
    p99Ms: r.p99_us / 1000,
    maxMs: r.max_us / 1000,
    requests: r.requests,
    errors: Object.values(r.errors).reduce((a, b) => a + b, 0),
    seconds,
  };
}
