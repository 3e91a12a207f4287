import { jetstreamManager, type StoredMsg } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { STREAMS } from "../shared/messaging/topology.js";

const SCAN_LIMIT = 2_000;

/**
 * Finds a job in the JOBS stream by its `Nats-Msg-Id` (the outbox id), reading by sequence from the
 * newest: a work-queue stream allows one consumer per subject, so tests must not consume.
 */
export async function findJob(natsUrl: string, msgId: string): Promise<StoredMsg | null> {
  const nc = await connect({ servers: natsUrl.split(",") });
  try {
    const jsm = await jetstreamManager(nc);
    const { state } = await jsm.streams.info(STREAMS.jobs.name);
    for (let seq = state.last_seq; seq >= Math.max(state.first_seq, state.last_seq - SCAN_LIMIT); seq--) {
      const msg = await jsm.streams.getMessage(STREAMS.jobs.name, { seq }).catch(() => null);
      if (msg?.header?.get("Nats-Msg-Id") === msgId) return msg;
    }
    return null;
  } finally {
    await nc.close();
  }
}

export async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
