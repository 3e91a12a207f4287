import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const NATS_SERVER = "/usr/sbin/nats-server";
const READY_LINE = "Server is ready";
const READY_TIMEOUT_MS = 10_000;
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
      await waitUntilReady(proc);
    },
    stop,
    destroy: async () => {
      await stop();
      process.off("exit", killOnExit);
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

function waitUntilReady(proc: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`nats-server not ready after ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) {
        detach();
        resolve();
      }
    };
    const onExit = (code: number | null): void => fail(new Error(`nats-server exited with ${code}:\n${output}`));
    function detach(): void {
      clearTimeout(timer);
      proc.stderr?.off("data", onData);
      proc.stdout?.off("data", onData);
      proc.off("exit", onExit);
      // Keep draining the pipes so a chatty server never blocks on a full buffer.
      proc.stderr?.resume();
      proc.stdout?.resume();
    }
    function fail(err: Error): void {
      detach();
      reject(err);
    }
    proc.stderr?.on("data", onData);
    proc.stdout?.on("data", onData);
    proc.once("exit", onExit);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
