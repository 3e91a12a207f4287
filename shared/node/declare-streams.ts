import { setTimeout as sleep } from "node:timers/promises";
import { jetstreamManager } from "@nats-io/jetstream";
import type { Logger } from "../logger.js";
import { doublingBackoff, retryDelayMs } from "./backoff.js";
import type { NatsLink } from "./nats-connection.js";
import { ensureStreams, type StreamReplicas } from "./streams.js";

const RETRY = doublingBackoff(500, 10_000);

/**
 * Retries until the streams exist at the replica count asked for, or `signal` aborts: a service that
 * published or consumed before they did would only collect errors.
 */
export async function declareStreams(link: NatsLink, replicas: StreamReplicas, log: Logger, signal: AbortSignal): Promise<void> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      const outcomes = await ensureStreams(await jetstreamManager(link.nc), replicas);
      log.info("streams ready", { outcomes, replicas });
      return;
    } catch (err) {
      const delayMs = retryDelayMs(attempt, RETRY);
      log.warn("could not declare streams, retrying", { err, delayMs });
      await sleep(delayMs, undefined, { signal }).catch(() => undefined);
    }
  }
}
