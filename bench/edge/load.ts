import { setTimeout as sleep } from "node:timers/promises";
import { say } from "../common/log.js";
import { spread, type Spread } from "../common/stats.js";
import { runWrk, type LoadRun } from "./wrk.js";

export interface Target {
  name: string;
  /** Full URL of the request under load. */
  url: string;
}

export interface LoadPlan {
  runs: number;
  seconds: number;
  connections: number;
  /** Sent to every target, so every request carries the same bytes. */
  token: string;
}

export interface TargetResult {
  runs: LoadRun[];
  requestsPerSecond: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  errors: number;
}

const WARM_UP_SECONDS = 3;
/** Lets sockets close and the previous server go idle before the next run. */
const PAUSE_MS = 500;

/**
 * Every target gets a warm-up (JIT, connection pools, page cache), then the runs go round-robin with the
 * order rotated each round, so the targets share the machine's drift instead of one always running last.
 */
export async function measureTargets(targets: readonly Target[], plan: LoadPlan): Promise<Record<string, TargetResult>> {
  const load = { connections: plan.connections, token: plan.token };
  for (const t of targets) {
    say(`warm-up ${t.name}`);
    await runWrk(t.url, { ...load, seconds: Math.min(WARM_UP_SECONDS, plan.seconds) });
    await sleep(PAUSE_MS);
  }
  const runs: Record<string, LoadRun[]> = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let i = 0; i < plan.runs; i++) {
    const order = targets.map((_, k) => targets[(k + i) % targets.length]!);
    for (const t of order) {
      const r = await runWrk(t.url, { ...load, seconds: plan.seconds });
      runs[t.name]!.push(r);
      say(
        `run ${i + 1}/${plan.runs} ${t.name}: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms${r.errors ? `, ${r.errors} errors` : ""}`,
      );
      await sleep(PAUSE_MS);
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, rs]) => [
      name,
      {
        runs: rs,
        requestsPerSecond: spread(rs.map((r) => r.requestsPerSecond)),
        p50Ms: spread(rs.map((r) => r.p50Ms)),
        p99Ms: spread(rs.map((r) => r.p99Ms)),
        errors: rs.reduce((a, r) => a + r.errors, 0),
      },
    ]),
  );
}
