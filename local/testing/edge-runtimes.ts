import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeEdgeEnvFile } from "../launcher/edge-env-file.js";
import { startProcess, waitForHttp } from "../launcher/processes.js";
import { WRANGLER_OFFLINE_ENV } from "../launcher/wrangler-env.js";
import { freePort } from "./free-port.js";

export type Runtime = "workerd" | "node" | "bun" | "deno";

export interface RunningEdge {
  url: string;
  stop(): Promise<void>;
}

const root = process.cwd();
const bin = (name: string) => join(root, "node_modules", ".bin", name);

async function command(runtime: Runtime, port: number, env: Record<string, string>, scratch: string): Promise<[string, string[]]> {
  switch (runtime) {
    case "workerd": {
      const envFile = await writeEdgeEnvFile(scratch, env);
      const inspector = await freePort();
      return [
        bin("wrangler"),
        [
          "dev",
          "--ip",
          "127.0.0.1",
          "--port",
          String(port),
          "--inspector-port",
          String(inspector),
          "--env-file",
          envFile,
          "--persist-to",
          join(scratch, "state"),
          "--show-interactive-dev-session=false",
        ],
      ];
    }
    case "node":
      return [bin("tsx"), ["edge/entries/node.ts"]];
    case "bun":
      return [bin("bun"), ["edge/entries/bun.ts"]];
    case "deno":
      // Sloppy imports let Deno resolve our `.js` specifiers to the `.ts` sources, as tsc and Bun do.
      return [
        bin("deno"),
        [
          "run",
          "--unstable-sloppy-imports",
          "--allow-net=127.0.0.1",
          "--allow-env",
          "--allow-read",
          "--allow-sys=osRelease",
          "edge/entries/deno.ts",
        ],
      ];
  }
}

/** Starts the same edge app on one runtime, as a separate process on a free port, and waits for /health. */
export async function startEdge(runtime: Runtime, env: Record<string, string>): Promise<RunningEdge> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const scratch = await mkdtemp(join(tmpdir(), `edge-${runtime}-`));
  // The URLs it writes must lead back to this very process.
  const [cmd, args] = await command(runtime, port, { ...env, PUBLIC_BASE_URL: url }, scratch);
  const childEnv = {
    ...process.env,
    ...WRANGLER_OFFLINE_ENV,
    ...(runtime === "workerd" ? {} : env),
    PUBLIC_BASE_URL: url,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  };
  const proc = startProcess(`edge:${runtime}`, cmd, args, childEnv, root);
  const stop = async () => {
    await proc.stop();
    await rm(scratch, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${url}/health`, 90_000, (s) => s === 200);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
