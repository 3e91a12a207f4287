import { setTimeout as sleep } from "node:timers/promises";
import { jetstreamManager, type ConsumerMessages, type JetStreamManager, type JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "../../shared/logger.js";
import { doublingBackoff, retryDelayMs } from "./backoff.js";
import { ensureConsumer, type DurableSpec } from "./ensure-consumer.js";

const RESTART_BACKOFF = doublingBackoff(500, 15_000);
// A pull waiting on a consumer leader that died is answered by nobody: the client notices only when its
// pull expires or two idle heartbeats are missed. At the client's defaults (30 s, 15 s) a leader election
// stalled a 3-node cluster's consumers for 43 s; these keep it to a couple of seconds past the election.
const PULL_EXPIRES_MS = 5_000;
const IDLE_HEARTBEAT_MS = 1_000;
// The client keeps pulling from a consumer that is gone without ever recreating it; these end the
// session so the loop declares the stream and the durable again.
const LOST_CONSUMER = new Set(["consumer_deleted", "consumer_not_found", "stream_not_found"]);

export interface ConsumeDurableOptions {
  nats: NatsConnection;
  spec: DurableSpec;
  /** Declares what the durable lives on (streams); runs before every (re)creation. */
  prepare?: (jsm: JetStreamManager) => Promise<unknown>;
  /** Messages pulled ahead; each one's ack wait runs while it waits its turn. */
  maxMessages: number;
  /**
   * Settles the message (ack, nak or term); one at a time, in delivery order. Must not throw.
   * "pause": something every message needs is down; stop pulling until `resume` says it is back.
   */
  handle: (msg: JsMsg, jsm: JetStreamManager) => Promise<void | "pause">;
  /** Resolves once pulling is worth it again after a pause; gives up only when `signal` aborts. */
  resume?: (signal: AbortSignal) => Promise<void>;
  log: Logger;
}

export interface RunningConsumer {
  /** For health checks: the durable exists and messages are being pulled (or deliberately paused). */
  isConsuming(): boolean;
  /** Finishes the message in hand, hands buffered ones back (nak) and stops. */
  stop(): Promise<void>;
}

/**
 * Pulls from a durable until stopped. Creating the durable, and any failure after, is retried with
 * backoff, so a process may start before NATS or its streams and survive a consumer being deleted.
 */
export function consumeDurable(opts: ConsumeDurableOptions): RunningConsumer {
  const { spec, log } = opts;
  const stopping = new AbortController();
  let messages: ConsumerMessages | undefined;
  let consuming = false;

  const session = async (): Promise<void> => {
    const jsm = await jetstreamManager(opts.nats);
    await opts.prepare?.(jsm);
    await ensureConsumer(jsm, spec);
    const consumer = await jsm.jetstream().consumers.get(spec.stream, spec.durable);
    const current = await consumer.consume({ max_messages: opts.maxMessages, expires: PULL_EXPIRES_MS, idle_heartbeat: IDLE_HEARTBEAT_MS });
    messages = current;
    // stop() may have come while the consumer was being set up, and found nothing to close.
    if (stopping.signal.aborted) {
      current.stop();
      return;
    }
    void watchForLoss(current, log);
    consuming = true;
    log.info("consuming", { stream: spec.stream, durable: spec.durable });
    let paused = false;
    for await (const msg of current) {
      // Buffered messages go back at once rather than wait out their ack wait here: a stopping or
      // paused process would only let them time out, spending a delivery each.
      if (stopping.signal.aborted || paused) msg.nak();
      else if ((await opts.handle(msg, jsm)) === "pause") {
        paused = true;
        current.stop();
      }
    }
    if (paused && !stopping.signal.aborted) {
      // While nothing is pulled, nothing is delivered: an outage of any length costs no message its
      // last delivery, where redelivering into it would spend them all.
      log.warn("paused until the handler's dependency is back", { stream: spec.stream, durable: spec.durable });
      await opts.resume?.(stopping.signal);
      if (!stopping.signal.aborted) log.info("resuming", { stream: spec.stream, durable: spec.durable });
    }
  };

  const done = (async () => {
    for (let failures = 0; !stopping.signal.aborted;) {
      try {
        await session();
        failures = 0;
      } catch (err) {
        failures += 1;
        if (!stopping.signal.aborted) log.warn("consumer failed, restarting", { err, stream: spec.stream, durable: spec.durable });
      }
      consuming = false;
      if (stopping.signal.aborted) break;
      await sleep(retryDelayMs(Math.max(1, failures), RESTART_BACKOFF), undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  })();

  return {
    isConsuming: () => consuming && !stopping.signal.aborted,
    stop: async () => {
      stopping.abort();
      await messages?.close();
      await done;
    },
  };
}

async function watchForLoss(messages: ConsumerMessages, log: Logger): Promise<void> {
  for await (const status of messages.status()) {
    if (LOST_CONSUMER.has(status.type)) {
      log.warn("consumer lost, declaring it again", { status });
      messages.stop();
    }
  }
}
