import { nanos } from "@nats-io/transport-node";
import {
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from "@nats-io/jetstream";
import { DUPLICATE_WINDOW_MS, STREAMS } from "../messaging/topology.js";

// The server answers a create whose config differs from the existing stream's with this code.
const STREAM_NAME_IN_USE = 10058;
// Several processes creating the same stream at the same moment: a loser can be told its subjects
// overlap "an existing stream", the very stream it was creating (seen in CI). Asking again settles it;
// an overlap that persists is a real clash with another stream and is thrown.
const SUBJECTS_OVERLAP = 10065;
const OVERLAP_RETRIES = 3;

type DesiredStream = Pick<StreamConfig, "name" | "subjects" | "retention" | "storage"> &
  Partial<Pick<StreamConfig, "duplicate_window" | "max_age" | "num_replicas">>;

/** Copies of each stream across a NATS cluster (JETSTREAM_REPLICAS); a single server holds only 1. */
export const STREAM_REPLICAS = [1, 3, 5] as const;
export type StreamReplicas = (typeof STREAM_REPLICAS)[number];

// Covers a dead-letter handler that is down over a long weekend; an advisory older than that is an incident anyway.
const ADVISORY_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export const ADVISORIES_STREAM: DesiredStream = {
  name: STREAMS.advisories.name,
  subjects: [...STREAMS.advisories.subjects],
  // Limits, not work-queue: an operator can still read what was handled, until it ages out.
  retention: RetentionPolicy.Limits,
  storage: StorageType.File,
  max_age: nanos(ADVISORY_MAX_AGE_MS),
};

export const DESIRED_STREAMS: readonly DesiredStream[] = [
  {
    name: STREAMS.jobs.name,
    subjects: [...STREAMS.jobs.subjects],
    // Each job is taken by one encoder and removed once acknowledged.
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  },
  {
    name: STREAMS.deadLetters.name,
    subjects: [...STREAMS.deadLetters.subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    // A dead-letter handler retrying a move for minutes must not write a second copy.
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  },
  { name: STREAMS.events.name, subjects: [...STREAMS.events.subjects], retention: RetentionPolicy.Limits, storage: StorageType.File },
  ADVISORIES_STREAM,
];

export type StreamOutcome = "created-or-unchanged" | "updated";

/**
 * Declares the platform's streams. Safe to run from every process at start-up, at the same time:
 * the server accepts a create whose config equals the existing stream's, and updates to the same
 * config converge. Settings we do not manage (limits an operator tuned) are kept.
 *
 * `replicas` is applied to every stream, an existing one included (the server moves its data). Without
 * it an existing stream keeps its count and a new one gets the server's default (1): a process that
 * only makes sure its stream exists leaves the count to those that were told it (every service at start).
 */
export async function ensureStreams(jsm: JetStreamManager, replicas?: StreamReplicas): Promise<Record<string, StreamOutcome>> {
  const outcomes = await Promise.all(
    DESIRED_STREAMS.map(async (stream) => {
      const desired = replicas === undefined ? stream : { ...stream, num_replicas: replicas };
      return [stream.name, await ensureStream(jsm, desired)] as const;
    }),
  );
  return Object.fromEntries(outcomes);
}

async function ensureStream(jsm: JetStreamManager, desired: DesiredStream): Promise<StreamOutcome> {
  if (await created(jsm, desired)) return "created-or-unchanged";
  const existing = await jsm.streams.info(desired.name);
  if (matches(existing, desired)) return "created-or-unchanged";
  // Retention and storage cannot change in place; the server refuses and the error names the field.
  await jsm.streams.update(desired.name, { ...existing.config, ...desired });
  return "updated";
}

/** True when the stream now exists as desired; false when one of that name exists with another config. */
async function created(jsm: JetStreamManager, desired: DesiredStream): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await jsm.streams.add({ ...desired });
      return true;
    } catch (err) {
      if (!(err instanceof JetStreamApiError)) throw err;
      if (err.code === STREAM_NAME_IN_USE) return false;
      if (err.code !== SUBJECTS_OVERLAP || attempt === OVERLAP_RETRIES) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
  }
}

function matches({ config }: StreamInfo, desired: DesiredStream): boolean {
  const sameSubjects = config.subjects.length === desired.subjects.length && desired.subjects.every((s) => config.subjects.includes(s));
  return (
    sameSubjects &&
    config.retention === desired.retention &&
    config.storage === desired.storage &&
    (desired.duplicate_window === undefined || config.duplicate_window === desired.duplicate_window) &&
    (desired.max_age === undefined || config.max_age === desired.max_age) &&
    (desired.num_replicas === undefined || config.num_replicas === desired.num_replicas)
  );
}
