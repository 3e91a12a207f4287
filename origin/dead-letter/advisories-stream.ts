import { JetStreamApiError, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import type { StreamOutcome } from "../../shared/node/streams.js";
import { maxDeliveriesAdvisory, STREAMS } from "../../shared/messaging/topology.js";
import type { DurableSpec } from "../catalog/ensure-consumer.js";

// The server answers a create whose config differs from the existing stream's with this code.
const STREAM_NAME_IN_USE = 10058;
// Covers a handler that is down over a long weekend; an advisory older than that is an incident anyway.
const ADVISORY_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

type AdvisoriesStream = Pick<StreamConfig, "name" | "subjects" | "retention" | "storage" | "max_age">;

/**
 * Core NATS advisories are fire-and-forget: one published while no handler listens is lost, and its
 * job would sit in JOBS forever. This stream keeps them until the handler has dealt with each.
 */
export const ADVISORIES_STREAM: AdvisoriesStream = {
  name: "ADVISORIES",
  subjects: [maxDeliveriesAdvisory(STREAMS.jobs.name, ">")],
  // Limits, not work-queue: an operator can still read what was handled, until it ages out.
  retention: RetentionPolicy.Limits,
  storage: StorageType.File,
  max_age: nanos(ADVISORY_MAX_AGE_MS),
};

export const DEAD_LETTER_CONSUMER: DurableSpec = {
  durable: "dead-letter",
  stream: ADVISORIES_STREAM.name,
  ackWaitMs: 30_000,
  // Giving up on an advisory would strand its job; failures are retried with backoff instead.
  maxDeliver: -1,
};

/**
 * Declares the stream, as shared/node/streams.ts does the platform's: safe from several processes at
 * once, repairs drift in the fields above and keeps settings an operator tuned.
 */
export async function ensureAdvisoriesStream(jsm: JetStreamManager): Promise<StreamOutcome> {
  try {
    await jsm.streams.add({ ...ADVISORIES_STREAM, subjects: [...ADVISORIES_STREAM.subjects] });
    return "created-or-unchanged";
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === STREAM_NAME_IN_USE)) throw err;
  }
  const { config } = await jsm.streams.info(ADVISORIES_STREAM.name);
  const same =
    config.subjects.length === ADVISORIES_STREAM.subjects.length &&
    ADVISORIES_STREAM.subjects.every((s) => config.subjects.includes(s)) &&
    config.retention === ADVISORIES_STREAM.retention &&
    config.storage === ADVISORIES_STREAM.storage &&
    config.max_age === ADVISORIES_STREAM.max_age;
  if (same) return "created-or-unchanged";
  await jsm.streams.update(ADVISORIES_STREAM.name, { ...config, ...ADVISORIES_STREAM });
  return "updated";
}
