import type { ChildProcess } from "node:child_process";

const READY_LINE = "Server is ready";
const READY_TIMEOUT_MS = 15_000;

/** Resolves once a nats-server child says it is ready; rejects with its output if it exits or takes too long. */
export function waitForNatsReady(proc: ChildProcess, name = "nats-server"): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`${name} not ready after ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!output.includes(READY_LINE)) return;
      detach();
      resolve();
    };
    const onExit = (code: number | null): void => fail(new Error(`${name} exited with ${code}:\n${output}`));
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
