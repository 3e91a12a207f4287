import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { waitForNatsReady } from "./nats-ready.js";

const NATS_SERVER = "/usr/sbin/nats-server";
const STOP_GRACE_MS = 5_000;

/** A nats-server of the test file's own, so tests can stop and restart it without touching :4222. */
export interface PrivateNats {
  url: string;
  /** (Re)starts on the same port and store directory, so streams and their messages survive. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and deletes the store directory. */
  destroy(): Promise<void>;
}

export async function createPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), "relay-nats-"));
  let proc: ChildProcess | undefined;
  const killOnExit = (): void => {
    proc?.kill("SIGKILL");
  };
  process.once("exit", killOnExit);

  const stop = async (): Promise<void> => {
    const running = proc;
    proc = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    const killer = setTimeout(() => running.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(killer);
  };

  return {
    url: `nats://127.0.0.1:${port}`,
    start: async () => {
      if (proc) return;
      proc = spawn(NATS_SERVER, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", storeDir], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      await waitForNatsReady(proc);
    },
    stop,
    destroy: async () => {
      await stop();
      process.off("exit", killOnExit);
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}
