import type { Logger } from "../logger.js";

const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Runs `stop` once, on the first SIGINT or SIGTERM; later signals only log (an orchestrator
 * repeats SIGTERM, and a second Ctrl-C must not start a second shutdown). Returns an unsubscribe.
 */
export function onStopSignal(stop: (signal: NodeJS.Signals) => Promise<void> | void, log?: Logger): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log?.warn("already stopping", { signal });
      return;
    }
    stopping = true;
    log?.info("stopping", { signal });
    void Promise.resolve()
      .then(() => stop(signal))
      .catch((err: unknown) => log?.error("stop failed", { err, signal }));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
