import type { JetStreamManager } from "@nats-io/jetstream";
import { ADVISORIES_STREAM, ensureStreams, type StreamOutcome } from "../../shared/node/streams.js";
import type { DurableSpec } from "../../shared/node/ensure-consumer.js";

export { ADVISORIES_STREAM };

export const DEAD_LETTER_CONSUMER: DurableSpec = {
  durable: "dead-letter",
  stream: ADVISORIES_STREAM.name,
  ackWaitMs: 30_000,
  // Giving up on an advisory would strand its job; failures are retried with backoff instead.
  maxDeliver: -1,
};

/** The platform's streams, ADVISORIES among them, declared as every origin process does; its outcome. */
export async function ensureAdvisoriesStream(jsm: JetStreamManager): Promise<StreamOutcome> {
  const outcomes = await ensureStreams(jsm);
  return outcomes[ADVISORIES_STREAM.name] ?? "created-or-unchanged";
}
