import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connect, nanos, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSUMERS, STREAMS } from "../../shared/messaging/topology.js";
import { createPrivateNats, type PrivateNats } from "../../local/testing/private-nats.js";
import { consumerInfo, ensureEncoderTopology } from "./consumer.js";

const SETTINGS = { ackWaitMs: 60_000, maxDeliver: 5, maxAckPending: 64 };
const WORKERS_STARTING_TOGETHER = 8;

let nats: PrivateNats;
let connections: NatsConnection[] = [];
let managers: JetStreamManager[] = [];

beforeAll(async () => {
  nats = await createPrivateNats();
  await nats.start();
  connections = await Promise.all(Array.from({ length: WORKERS_STARTING_TOGETHER }, () => connect({ servers: nats.url })));
  managers = await Promise.all(connections.map((nc) => jetstreamManager(nc)));
});

afterAll(async () => {
  await Promise.all(connections.map((nc) => nc.close()));
  await nats?.destroy();
});

describe("encoder consumer declaration", () => {
  it("is safe when several workers start at once, creates one consumer, and then reports it unchanged", async () => {
    const outcomes = await Promise.all(managers.map((jsm) => ensureEncoderTopology(jsm, SETTINGS)));
    expect(outcomes.every((o) => o === "created" || o === "unchanged")).toBe(true);
    const [jsm] = managers;
    if (!jsm) throw new Error("no manager");
    const names: string[] = [];
    for await (const c of jsm.consumers.list(STREAMS.jobs.name)) names.push(c.name);
    expect(names).toEqual([CONSUMERS.encoder.durable]);
    expect(await ensureEncoderTopology(jsm, SETTINGS)).toBe("unchanged");
    expect((await consumerInfo(jsm))?.config).toMatchObject({
      durable_name: CONSUMERS.encoder.durable,
      filter_subject: CONSUMERS.encoder.filter,
      ack_policy: "explicit",
      ack_wait: nanos(SETTINGS.ackWaitMs),
      max_deliver: SETTINGS.maxDeliver,
      max_ack_pending: SETTINGS.maxAckPending,
    });
  });

  it("updates a consumer whose settings drifted from the pool's config", async () => {
    const [jsm] = managers;
    if (!jsm) throw new Error("no manager");
    const changed = { ackWaitMs: 120_000, maxDeliver: 8, maxAckPending: 16 };
    expect(await ensureEncoderTopology(jsm, changed)).toBe("updated");
    expect((await consumerInfo(jsm))?.config).toMatchObject({ ack_wait: nanos(120_000), max_deliver: 8, max_ack_pending: 16 });
    expect(await ensureEncoderTopology(jsm, changed)).toBe("unchanged");
  });
});
