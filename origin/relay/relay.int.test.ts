import { randomBytes } from "node:crypto";
import { jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager, type StoredMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import pg from "pg";
import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { EncodeJob } from "../../shared/contracts/video-lifecycle.js";
import { createLogger } from "../../shared/logger.js";
import { DUPLICATE_WINDOW_MS, STREAMS, SUBJECTS } from "../../shared/messaging/topology.js";
import { connectNats, doublingBackoff, ensureStreams, startMetricsServer, type NatsLink } from "../../shared/node/index.js";
import { startRelay, type RelayOptions, type RunningRelay } from "./index.js";
import { createPrivateNats, type PrivateNats } from "../../local/testing/private-nats.js";
import { prepareTestDatabase } from "../../local/testing/test-database.js";

// Retries come back within a second or two here, instead of up to 30 s in production.
const FAST_RETRY = doublingBackoff(200, 1_000);
// Long enough that only a NOTIFY can explain a prompt publish.
const SLOW_POLL_MS = 30_000;
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

let nats: PrivateNats;
let databaseUrl: string;
let db: pg.Pool;
let link: NatsLink;
let jsm: JetStreamManager;
const logLines: string[] = [];
const log = createLogger("relay-test", { level: "info", write: (line) => logLines.push(line) });
const running: RunningRelay[] = [];
const extraLinks: NatsLink[] = [];

beforeAll(async () => {
  [nats, databaseUrl] = await Promise.all([createPrivateNats(), prepareTestDatabase()]);
  await nats.start();
  db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  link = await natsLink("relay-test");
  jsm = await jetstreamManager(link.nc);
  await ensureStreams(jsm);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((relay) => relay.stop()));
  await Promise.all(extraLinks.splice(0).map((l) => l.close()));
  if (nats) await nats.start(); // a failed test must not leave the next one without NATS
});

afterAll(async () => {
  await link?.close();
  await db?.end();
  await nats?.destroy();
});

async function natsLink(name: string): Promise<NatsLink> {
  return connectNats({ servers: [nats.url], name, log });
}

function relay(overrides: Partial<RelayOptions> = {}): RunningRelay {
  const r = startRelay({
    databaseUrl,
    nats: link.nc,
    log,
    batchSize: 50,
    pollIntervalMs: 500,
    publishTimeoutMs: 1_000,
    retryBackoff: FAST_RETRY,
    ...overrides,
  });
  running.push(r);
  return r;
}

function encodeJob(videoId: string): EncodeJob {
  return {
    video_id: videoId,
    owner_id: "usr_test",
    source_key: `sources/usr_test/${videoId}`,
    content_type: "video/mp4",
    size_bytes: 1_048_576,
    requested_at: new Date().toISOString(),
    trace: { traceparent: TRACEPARENT },
  };
}

/** Inserts `count` encode jobs in one transaction (one NOTIFY burst at COMMIT); returns their ids. */
async function insertJobs(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `obx_${randomBytes(9).toString("base64url")}`);
  const payloads = ids.map((id) => JSON.stringify(encodeJob(`vid_${id.slice(4)}`)));
  await db.query(
    `INSERT INTO outbox (id, subject, payload, headers)
     SELECT id, $3, payload::jsonb, $4::jsonb FROM unnest($1::text[], $2::text[]) AS t(id, payload)`,
    [ids, payloads, SUBJECTS.encode, JSON.stringify({ traceparent: TRACEPARENT })],
  );
  return ids;
}

async function outboxRows(ids: string[]) {
  const { rows } = await db.query<{ id: string; published: boolean; attempts: number; last_error: string | null }>(
    "SELECT id, published_at IS NOT NULL AS published, attempts, last_error FROM outbox WHERE id = ANY($1::text[])",
    [ids],
  );
  return rows;
}

/**
 * Every message in the JOBS stream, read by sequence (non-destructively: a work-queue stream only
 * allows one consumer per subject). The private server's stream holds only this file's messages.
 */
async function jobsMessages(): Promise<StoredMsg[]> {
  const { state } = await jsm.streams.info(STREAMS.jobs.name);
  const messages: StoredMsg[] = [];
  for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
    const msg = await jsm.streams.getMessage(STREAMS.jobs.name, { seq });
    if (msg) messages.push(msg);
  }
  return messages;
}

/** How many times each of `ids` is in the stream, by `Nats-Msg-Id`. */
async function copiesOf(ids: string[]): Promise<Map<string, number>> {
  const wanted = new Set(ids);
  const copies = new Map(ids.map((id) => [id, 0]));
  for (const msg of await jobsMessages()) {
    const id = msg.header.get("Nats-Msg-Id");
    if (wanted.has(id)) copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  return copies;
}

async function expectExactlyOnce(ids: string[]): Promise<void> {
  const copies = await copiesOf(ids);
  const wrong = [...copies].filter(([, n]) => n !== 1);
  expect(wrong).toEqual([]);
}

async function waitUntilListening(r: RunningRelay): Promise<void> {
  await vi.waitFor(() => expect(r.checks()).toEqual({ database: true, listening: true }), { timeout: 5_000, interval: 20 });
}

describe("outbox relay", () => {
  it("publishes a new row within moments of its NOTIFY, with body, msg id and trace headers", async () => {
    const r = relay({ pollIntervalMs: SLOW_POLL_MS });
    await waitUntilListening(r);
    // Let the start-up drain finish, so only the notification can pick the row up.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = Date.now();
    const [id] = await insertJobs(1);
    if (!id) throw new Error("no id");
    const msg = await vi.waitFor(
      async () => {
        const found = (await jobsMessages()).find((m) => m.header.get("Nats-Msg-Id") === id);
        if (!found) throw new Error("not in the stream yet");
        return found;
      },
      { timeout: 2_000, interval: 25 },
    );
    const elapsedMs = Date.now() - started;

    expect(msg.subject).toBe(SUBJECTS.encode);
    expect(msg.header.get("traceparent")).toBe(TRACEPARENT);
    const { rows } = await db.query<{ payload: unknown }>("SELECT payload FROM outbox WHERE id = $1", [id]);
    expect(msg.json()).toEqual(rows[0]?.payload);
    expect(msg.json<EncodeJob>().video_id).toBe(`vid_${id.slice(4)}`);
    await vi.waitFor(async () => expect((await outboxRows([id]))[0]).toMatchObject({ published: true, attempts: 0 }), {
      timeout: 2_000,
    });
    log.info("timing", { test: "notify", elapsedMs });
    expect(elapsedMs).toBeLessThan(2_000);
  });

  it("LISTENs again after its session is killed", async () => {
    const r = relay({ pollIntervalMs: SLOW_POLL_MS });
    await waitUntilListening(r);
    const listenerPid = async () => {
      const { rows } = await db.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'vod-relay-listen' AND query ILIKE 'LISTEN%'",
      );
      return rows.map((row) => row.pid);
    };
    const [before] = await listenerPid();
    await db.query("SELECT pg_terminate_backend($1)", [before]);
    await vi.waitFor(
      async () => {
        const after = await listenerPid();
        expect(after).toHaveLength(1);
        expect(after[0]).not.toBe(before);
      },
      { timeout: 5_000, interval: 50 },
    );
    await waitUntilListening(r);
    await new Promise((resolve) => setTimeout(resolve, 200)); // past the re-LISTEN drain

    const [id] = await insertJobs(1);
    if (!id) throw new Error("no id");
    await vi.waitFor(async () => expect((await outboxRows([id]))[0]?.published).toBe(true), { timeout: 2_000, interval: 25 });
  });

  it("keeps rows while NATS is down and publishes each exactly once after it returns", async () => {
    relay();
    await nats.stop();
    const ids = await insertJobs(20);

    await vi.waitFor(
      async () => {
        const rows = await outboxRows(ids);
        expect(rows).toHaveLength(20);
        expect(rows.every((row) => !row.published && row.attempts > 0 && row.last_error)).toBe(true);
      },
      { timeout: 15_000, interval: 100 },
    );

    const restarted = Date.now();
    await nats.start();
    await vi.waitFor(async () => expect((await outboxRows(ids)).every((row) => row.published)).toBe(true), {
      timeout: 20_000,
      interval: 100,
    });
    log.info("timing", { test: "outage", recoveryMs: Date.now() - restarted });
    await expectExactlyOnce(ids);
  });

  it("shares 200 rows between two relays, each row published exactly once", async () => {
    const registries = [new Registry(), new Registry()];
    const links = await Promise.all([natsLink("relay-a"), natsLink("relay-b")]);
    extraLinks.push(...links);
    links.forEach((l, i) => relay({ nats: l.nc, registry: registries[i], batchSize: 10 }));

    const ids = await insertJobs(200);
    await vi.waitFor(async () => expect((await outboxRows(ids)).every((row) => row.published)).toBe(true), {
      timeout: 20_000,
      interval: 100,
    });
    await expectExactlyOnce(ids);

    const perRelay = await Promise.all(registries.map((r) => publishedCount(r)));
    expect(perRelay[0]! + perRelay[1]!).toBe(200);
    // Both took part: SKIP LOCKED let them claim side by side rather than one waiting on the other.
    expect(perRelay.every((n) => n > 0)).toBe(true);
    log.info("split", { test: "two relays", perRelay });
  });

  it("marks a row whose message already reached the stream without publishing it twice", async () => {
    const [id] = await insertJobs(1);
    if (!id) throw new Error("no id");
    // What a relay that died after the PubAck but before COMMIT leaves behind.
    const first = await jetstream(link.nc).publish(SUBJECTS.encode, JSON.stringify(encodeJob("vid_crashed")), { msgID: id });
    expect(first.duplicate).toBe(false);

    relay();
    await vi.waitFor(async () => expect((await outboxRows([id]))[0]?.published).toBe(true), { timeout: 5_000, interval: 50 });
    await expectExactlyOnce([id]);
    expect(logLines.some((line) => line.includes("already in the stream") && line.includes(id))).toBe(true);
  });

  it("serves the relay metrics and a health check", async () => {
    const registry = new Registry();
    const r = relay({ registry });
    const server = await startMetricsServer({ port: 0, registry, checks: () => ({ nats: link.isConnected(), ...r.checks() }) });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const ids = await insertJobs(3);
      await vi.waitFor(async () => expect((await outboxRows(ids)).every((row) => row.published)).toBe(true), { timeout: 5_000 });

      const metrics = await vi.waitFor(
        async () => {
          const text = await (await fetch(`${base}/metrics`)).text();
          expect(sample(text, "relay_outbox_backlog")).toBe(0);
          return text;
        },
        { timeout: 5_000, interval: 100 },
      );
      for (const name of [
        "relay_outbox_backlog",
        "relay_outbox_oldest_pending_age_seconds",
        "relay_publish_duration_seconds",
        "relay_published_total",
        "relay_publish_failures_total",
      ]) {
        expect(metrics).toContain(`# TYPE ${name} `);
      }
      expect(sample(metrics, "relay_outbox_oldest_pending_age_seconds")).toBe(0);
      expect(sample(metrics, `relay_published_total{subject="${SUBJECTS.encode}"}`)).toBe(3);
      expect(sample(metrics, `relay_publish_duration_seconds_count{outcome="acked"}`)).toBe(3);
      expect(sample(metrics, `relay_publish_duration_seconds_bucket{le="1",outcome="acked"}`)).toBe(3);

      const healthy = await fetch(`${base}/healthz`);
      expect(healthy.status).toBe(200);
      expect(await healthy.json()).toEqual({ status: "ok" });

      await r.stop();
      const unhealthy = await fetch(`${base}/healthz`);
      expect(unhealthy.status).toBe(503);
      expect(await unhealthy.json()).toEqual({ status: "unavailable", failing: ["listening"] });
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("declares the streams idempotently, from several processes at once, and repairs drift", async () => {
    for (const { name } of Object.values(STREAMS)) await jsm.streams.delete(name).catch(() => false);
    const links = await Promise.all([1, 2, 3].map((n) => natsLink(`streams-${n}`)));
    extraLinks.push(...links);
    const managers = await Promise.all(links.map((l) => jetstreamManager(l.nc)));

    await Promise.all(managers.map((m) => ensureStreams(m)));
    const jobs = await jsm.streams.info(STREAMS.jobs.name);
    expect(jobs.config).toMatchObject({
      subjects: [...STREAMS.jobs.subjects],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    });
    expect((await jsm.streams.info(STREAMS.deadLetters.name)).config.retention).toBe(RetentionPolicy.Limits);
    expect((await jsm.streams.info(STREAMS.events.name)).config.retention).toBe(RetentionPolicy.Limits);

    expect(await Promise.all(managers.map((m) => ensureStreams(m)))).toEqual(
      Array(3).fill({
        JOBS: "created-or-unchanged",
        JOBS_DLQ: "created-or-unchanged",
        VIDEO_EVENTS: "created-or-unchanged",
        ADVISORIES: "created-or-unchanged",
      }),
    );
    expect((await jsm.streams.info(STREAMS.jobs.name)).created).toBe(jobs.created);

    await jsm.streams.update(STREAMS.jobs.name, { ...jobs.config, duplicate_window: nanos(60_000) });
    expect((await ensureStreams(jsm)).JOBS).toBe("updated");
    expect((await jsm.streams.info(STREAMS.jobs.name)).config.duplicate_window).toBe(nanos(DUPLICATE_WINDOW_MS));
  });

  it("refuses to start beside a foreign stream that holds the job subjects", async () => {
    await jsm.streams.delete(STREAMS.jobs.name);
    await jsm.streams.add({ name: "SQUATTER", subjects: [...STREAMS.jobs.subjects] });
    try {
      await expect(ensureStreams(jsm)).rejects.toThrow(/subjects overlap/);
      await expect(jsm.streams.info(STREAMS.jobs.name)).rejects.toThrow(/stream not found/);
    } finally {
      await jsm.streams.delete("SQUATTER");
      await ensureStreams(jsm);
    }
  });
});

async function publishedCount(registry: Registry): Promise<number> {
  const metric = await registry.getSingleMetric("relay_published_total")?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

/** The value of one sample line (`name{labels} value`) in Prometheus text format. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
