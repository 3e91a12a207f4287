import { constants } from "node:os";
import type { Managed } from "./processes.js";

export interface SuperviseOptions {
  /** Where "relay exited with code 137 (SIGKILL); restarting in 1 s" goes. */
  log: (line: string) => void;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** A process that stayed up this long was healthy: its next crash starts the backoff over. */
  stableAfterMs?: number;
}

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

/**
 * Keeps a process running: when it exits on its own (a crash, an OOM kill, a SIGKILL), it is started
 * again after 1 s, 2 s, 4 s … up to 30 s, so a pool never silently runs short and a process that dies
 * at once does not spin. `stop()` ends it for good: no restart follows a stop.
 */
export function superviseProcess(name: string, start: () => Managed, opts: SuperviseOptions): Managed {
  const firstDelayMs = opts.firstDelayMs ?? FIRST_DELAY_MS;
  const maxDelayMs = opts.maxDelayMs ?? MAX_DELAY_MS;
  const stableAfterMs = opts.stableAfterMs ?? STABLE_AFTER_MS;
  let stopping = false;
  let crashes = 0;
  let timer: NodeJS.Timeout | undefined;
  let startedAt = Date.now();
  let current = start();

  const watch = (proc: Managed): void => {
    proc.child.once("exit", (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt >= stableAfterMs) crashes = 0;
      const delayMs = Math.min(maxDelayMs, firstDelayMs * 2 ** crashes);
      crashes += 1;
      opts.log(`${name} exited with ${exitText(code, signal)}; restarting in ${delayMs / 1_000} s`);
      timer = setTimeout(() => {
        if (stopping) return;
        startedAt = Date.now();
        current = start();
        watch(current);
      }, delayMs);
    });
  };
  watch(current);

  return {
    get child() {
      return current.child;
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await current.stop();
    },
  };
}

/** As a shell reports it: a signal is 128 + its number, so a SIGKILL reads "code 137 (SIGKILL)". */
function exitText(code: number | null, signal: NodeJS.Signals | null): string {
  if (code !== null || !signal) return `code ${code}`;
  return `code ${128 + constants.signals[signal]} (${signal})`;
}
