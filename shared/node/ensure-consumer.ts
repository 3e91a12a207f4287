import { AckPolicy, DeliverPolicy, JetStreamApiError, type ConsumerInfo, type JetStreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";

// From 2.10 the server refuses a create whose config differs from the existing durable's; 2.9 applies
// the difference as an update itself.
const CONSUMER_ALREADY_EXISTS = 10148;

/** A durable pull consumer, in the shape of shared/messaging/topology.ts's CONSUMERS entries. */
export interface DurableSpec {
  durable: string;
  stream: string;
  /** Omitted: the whole stream. */
  filter?: string;
  ackWaitMs: number;
  /** -1: redeliver for as long as it takes. */
  maxDeliver: number;
}

/**
 * Creates the durable or brings its ack wait and max deliveries to the spec. Safe from several
 * processes at once: the server accepts a create equal to the existing consumer. Fields a server
 * cannot change in place (filter, deliver policy) make it throw, naming the field.
 */
export async function ensureConsumer(jsm: JetStreamManager, spec: DurableSpec): Promise<ConsumerInfo> {
  const updatable = { ack_wait: nanos(spec.ackWaitMs), max_deliver: spec.maxDeliver };
  try {
    return await jsm.consumers.add(spec.stream, {
      durable_name: spec.durable,
      ...(spec.filter === undefined ? {} : { filter_subject: spec.filter }),
      ack_policy: AckPolicy.Explicit,
      // A new durable starts from the beginning: handling an old message again changes nothing.
      deliver_policy: DeliverPolicy.All,
      ...updatable,
    });
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === CONSUMER_ALREADY_EXISTS)) throw err;
  }
  return jsm.consumers.update(spec.stream, spec.durable, updatable);
}
