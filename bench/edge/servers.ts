import { freePort } from "../../local/launcher/free-port.js";
import { startProcess, waitForHttp } from "../../local/launcher/processes.js";

export interface Server {
  url: string;
  stop(): Promise<void>;
}

/** One of the bench's own tiny servers (bench/edge/*.ts) under Node, on a free port; ready when `probe` answers 200. */
export async function startBenchServer(name: string, entry: string, env: Record<string, string>, probe: string): Promise<Server> {
  const port = await freePort();
  // `node --import tsx` as the origin services run: one process, no tsx CLI in front.
  const proc = startProcess(
    name,
    process.execPath,
    ["--import", "tsx", entry],
    { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    process.cwd(),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}${probe}`, 60_000, (s) => s === 200);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return { url, stop: () => proc.stop() };
}
