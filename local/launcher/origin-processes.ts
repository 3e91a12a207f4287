import { join } from "node:path";
import { startProcess, waitForHttp, type Managed } from "./processes.js";
import { superviseProcess } from "./supervise.js";

export interface OriginService {
  name: string;
  entry: string;
  metricsPort: number;
  env?: Record<string, string>;
}

export interface OriginStartOptions {
  /** Start a service again when it dies (with backoff), saying so here; `npm run dev` does. */
  restart?: { log: (line: string) => void };
}

/**
 * The origin's long-running services, each its own process as in production, with its metrics and
 * health on its own port. Returns once every one answers /healthz.
 */
export async function startOriginServices(
  root: string,
  env: Record<string, string>,
  services: OriginService[],
  opts: OriginStartOptions = {},
): Promise<{ processes: Managed[]; urls: Record<string, string> }> {
  const processes: Managed[] = [];
  const urls: Record<string, string> = {};
  try {
    for (const service of services) {
      // `node --import tsx` keeps the service in this process, so signals reach it (the tsx CLI forks).
      const spawnService = () =>
        startProcess(
          service.name,
          process.execPath,
          ["--import", "tsx", join(root, service.entry)],
          { ...process.env, ...env, ...service.env, METRICS_PORT: String(service.metricsPort) },
          root,
        );
      const proc = opts.restart ? superviseProcess(service.name, spawnService, opts.restart) : spawnService();
      processes.push(proc);
      urls[service.name] = `http://127.0.0.1:${service.metricsPort}`;
      await waitForHttp(`${urls[service.name]}/healthz`, 60_000, (s) => s === 200);
    }
  } catch (error) {
    for (const p of processes.reverse()) await p.stop();
    throw error;
  }
  return { processes, urls };
}

/**
 * The origin pool as `npm run dev` runs it: relay, projector, dead-letter handler, deleter and
 * ENCODERS encoder workers (default 2), each on its own metrics port from 9464 up unless told otherwise.
 */
export function originServices(
  env: Record<string, string | undefined>,
  basePort = Number(env.ORIGIN_METRICS_BASE_PORT ?? 9464),
): OriginService[] {
  const encoders = Number(env.ENCODERS ?? 2);
  if (!Number.isInteger(encoders) || encoders < 0 || encoders > 16) throw new Error(`ENCODERS must be 0..16, got ${env.ENCODERS}`);
  const fixed = [
    { name: "relay", entry: "origin/relay/main.ts" },
    { name: "projector", entry: "origin/projector/main.ts" },
    { name: "dead-letter", entry: "origin/dead-letter/main.ts" },
    { name: "deleter", entry: "origin/deleter/main.ts" },
  ];
  const workers = Array.from({ length: encoders }, (_, i) => ({ name: `encoder-${i + 1}`, entry: "encoder/worker/main.ts" }));
  // ORIGIN_METRICS_PORTS (comma list) names each port, for callers that pick free ports one by one.
  const listed = env.ORIGIN_METRICS_PORTS?.split(",").map(Number) ?? [];
  return [...fixed, ...workers].map((s, i) => ({ ...s, metricsPort: listed[i] ?? basePort + i }));
}
