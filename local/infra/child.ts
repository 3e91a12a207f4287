import { spawn, type ChildProcess } from "node:child_process";
import { Socket } from "node:net";
import { OutputTail } from "./output-tail.js";

export interface ChildSpec {
  /** How error messages name the process, e.g. "redis-server". */
  name: string;
  command: string;
  args: readonly string[];
  uid?: number;
  gid?: number;
  cwd?: string;
  /** Postgres wants SIGINT: its SIGTERM is a "smart" shutdown that waits for every client to leave. */
  stopSignal?: NodeJS.Signals;
}

export interface ManagedChild {
  name: string;
  pid: number;
  /** Set once the process has exited, e.g. because the port was taken. */
  exitStatus(): string | undefined;
  /** Last lines the process printed, for error messages. */
  output(): string;
  /** Resolves when the process has exited; SIGKILL after the grace period. Idempotent. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

const live = new Map<ChildProcess, NodeJS.Signals>();
let cleanupRegistered = false;

export function spawnManaged(spec: ChildSpec): ManagedChild {
  registerCleanup();
  const stopSignal = spec.stopSignal ?? "SIGTERM";
  const proc = spawn(spec.command, spec.args, {
    uid: spec.uid,
    gid: spec.gid,
    cwd: spec.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail = new OutputTail();
  tail.follow(proc.stdout);
  tail.follow(proc.stderr);

  let status: string | undefined;
  const exited = new Promise<void>((resolve) => {
    const settle = (why: string): void => {
      status ??= why;
      live.delete(proc);
      resolve();
    };
    proc.once("exit", (code, signal) => settle(signal ? `killed by ${signal}` : `exited with code ${code}`));
    proc.once("error", (err) => settle(`failed to start: ${err.message}`));
  });
  if (proc.pid !== undefined) live.set(proc, stopSignal);

  // A forgotten stop() must not keep the parent alive forever; the exit hook still kills the child.
  proc.unref();
  for (const stream of [proc.stdout, proc.stderr]) if (stream instanceof Socket) stream.unref();

  return {
    name: spec.name,
    pid: proc.pid ?? -1,
    exitStatus: () => status,
    output: () => tail.text(),
    stop: async () => {
      if (status !== undefined) return;
      proc.kill(stopSignal);
      // This timer is also what keeps the event loop alive while we wait for the unref'd child.
      const killer = setTimeout(() => proc.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

function killAllLive(): void {
  for (const [proc, signal] of live) proc.kill(signal);
}

function registerCleanup(): void {
  if (cleanupRegistered) return;
  cleanupRegistered = true;
  process.on("exit", killAllLive);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = (): void => {
      killAllLive();
      // Listening disables Node's default "exit on signal"; restore it unless the app handles the signal.
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}
