import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  ReplayPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { CONSUMERS } from "../../shared/messaging/topology.js";
import { ensureStreams } from "../../shared/node/streams.js";

const ENCODER = CONSUMERS.encoder;
const MS_PER_SECOND = 1_000;

/** The settings of the `encoder` consumer the pool's config may choose. */
export interface EncoderConsumerSettings {
  ackWaitMs: number;
  maxDeliver: number;
  /** Caps jobs handed out and not yet acknowledged across the whole pool. */
  maxAckPending: number;
}

export type ConsumerOutcome = "created" | "unchanged" | "updated";

export function desiredConsumerConfig(settings: EncoderConsumerSettings): ConsumerConfig {
  return {
    durable_name: ENCODER.durable,
    filter_subject: ENCODER.filter,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: nanos(settings.ackWaitMs),
    max_deliver: settings.maxDeliver,
    max_ack_pending: settings.maxAckPending,
  };
}

/**
 * Declares the streams and the durable pull consumer the pool shares. Every worker runs this at
 * start-up, possibly at the same moment: a create with the same config is accepted as is, a create
 * that loses a race to a different config falls through to an update, and a consumer whose settings
 * drifted from ours (an older deploy, an operator's edit) is updated to them.
 */
export async function ensureEncoderTopology(jsm: JetStreamManager, settings: EncoderConsumerSettings): Promise<ConsumerOutcome> {
  await ensureStreams(jsm);
  const desired = desiredConsumerConfig(settings);
  let existing = await consumerInfo(jsm);
  if (!existing) {
    try {
      await jsm.consumers.add(ENCODER.stream, desired);
      return "created";
    } catch (err) {
      existing = await consumerInfo(jsm);
      if (!existing) throw err;
    }
  }
  if (!drifted(existing, desired)) return "unchanged";
  const { ack_wait, max_deliver, max_ack_pending, filter_subject } = desired;
  await jsm.consumers.update(ENCODER.stream, ENCODER.durable, { ack_wait, max_deliver, max_ack_pending, filter_subject });
  return "updated";
}

/**
 * Seconds the oldest job not yet delivered to any worker has waited: the first message on the
 * consumer's subject after the last one it delivered. 0 when nothing waits.
 */
export async function oldestWaitingAgeSeconds(jsm: JetStreamManager, info: ConsumerInfo, now = Date.now()): Promise<number> {
  if (info.num_pending === 0) return 0;
  // The server takes next_by_subj on this request (since 2.9); the client's type only lists seq and last_by_subj.
  const query = { seq: info.delivered.stream_seq + 1, next_by_subj: ENCODER.filter } as unknown as { seq: number };
  const oldest = await jsm.streams.getMessage(ENCODER.stream, query);
  return oldest ? Math.max(0, (now - oldest.time.getTime()) / MS_PER_SECOND) : 0;
}

/** `null` when the consumer does not exist yet. */
export async function consumerInfo(jsm: JetStreamManager): Promise<ConsumerInfo | null> {
  return jsm.consumers.info(ENCODER.stream, ENCODER.durable).catch((err: unknown) => {
    if (isNotFound(err)) return null;
    throw err;
  });
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound;
}

function drifted({ config }: ConsumerInfo, desired: ConsumerConfig): boolean {
  return (
    config.ack_wait !== desired.ack_wait ||
    config.max_deliver !== desired.max_deliver ||
    config.max_ack_pending !== desired.max_ack_pending ||
    config.filter_subject !== desired.filter_subject ||
    config.ack_policy !== desired.ack_policy
  );
}
