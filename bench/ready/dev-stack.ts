import { createWriteStream } from "node:fs";
import { startDevPlatform } from "../../local/testing/dev-platform.js";
import { say } from "../common/log.js";

const START_TIMEOUT_MS = 300_000;

export interface DevStack {
  /** The edge (`wrangler dev`) as `npm run dev` serves it. */
  api: string;
  /** The launcher's process id: every service of the pool runs under it. */
  pid: number;
  /** Everything the pool logged so far, at info level: each job's steps, stamped by each service. */
  output(): string;
  /** Ctrl-C, as in a terminal; drops its database and removes its data dir. */
  stop(): Promise<void>;
}

/**
 * `npm run dev` as the browser tests start it (free ports, its own data dir, database and NATS, so no other
 * stack's encoders take our jobs), with the default pool (2 encoder workers), at info level: each job's
 * steps are read back from its logs (a few lines per job, plus one per request to the edge). With
 * BENCH_STACK_LOG=<file> the logs are also written to that file.
 */
export async function startDevStack(): Promise<DevStack> {
  const logPath = process.env.BENCH_STACK_LOG;
  const logFile = logPath ? createWriteStream(logPath) : null;
  const closeLog = () => new Promise<void>((resolve) => (logFile ? logFile.end(resolve) : resolve()));
  say("starting npm run dev");
  try {
    const platform = await startDevPlatform(
      { LOG_LEVEL: "info" },
      { readyTimeoutMs: START_TIMEOUT_MS, onOutput: (chunk) => logFile?.write(chunk) },
    );
    return {
      api: platform.edgeUrl,
      pid: platform.pid,
      output: platform.output,
      stop: async () => {
        await platform.stop();
        await closeLog();
      },
    };
  } catch (error) {
    await closeLog();
    throw error;
  }
}
