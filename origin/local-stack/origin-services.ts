import { join } from "node:path";
import { startProcess, waitForHttp, type Managed } from "./processes.js";

export interface OriginService {
  name: string;
  entry: string;
  metricsPort: number;
  env?: Record<string, string>;
}

/**
 * The origin's long-running services, each its own process as in production, with its metrics and
 * health on its own port. Returns once every one answers /healthz.
 */
export async function startOriginServices(
  root: string,
  env: Record<string, string>,
  services: OriginService[],
): Promise<{ processes: Managed[]; urls: Record<string, string> }> {
  const processes: Managed[] = [];
  const urls: Record<string, string> = {};
  try {
    for (const service of services) {
      // `node --import tsx` keeps the service in this process, so signals reach it (the tsx CLI forks).
      const proc = startProcess(service.name, process.execPath, ["--import", "tsx", join(root, service.entry)], { ...process.env, ...env, ...service.env, METRICS_PORT: String(service.metricsPort) }, root);
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
