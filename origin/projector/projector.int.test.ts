import { randomBytes } from "node:crypto";
import pg from "pg";
import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { EncodedEvent, FailedEvent, PlayableEvent, ProgressEvent } from "../../shared/contracts/events.js";
import { deleteJob } from "../../shared/contracts/video-lifecycle.js";
import type { VideoStatus } from "../../shared/contracts/video-lifecycle.js";
import { createLogger } from "../../shared/logger.js";
import { CONSUMERS } from "../../shared/messaging/topology.js";
import { doublingBackoff, startMetricsServer } from "../../shared/node/index.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { startPrivateJetStream, type PrivateJetStream } from "../../local/testing/private-jetstream.js";
import { applyMigrations } from "../migrate/index.js";
import { startProjector, type ProjectorOptions, type RunningProjector } from "./index.js";

// Retries come back within moments here, instead of after up to 30 s in production.
const FAST_RETRY = doublingBackoff(100, 500);
const SETTLE_TIMEOUT_MS = 10_000;
// CONSUMERS.projector.maxDeliver (10) redeliveries at FAST_RETRY take at most about 4 s.
const OUTAGE_LONGER_THAN_DELIVERIES_MS = 5_000;

// The projector durable is shared by every projector on a NATS: a private one keeps other test files'
// projectors (and the stack's) from taking this file's events.
let bus: PrivateJetStream;
let databaseUrl: string;
let db: pg.Pool;
let ownerId: string;
const logLines: string[] = [];
const log = createLogger("projector-test", { level: "debug", write: (line) => logLines.push(line) });
const running: RunningProjector[] = [];

beforeAll(async () => {
  databaseUrl = inject("stackEnv").DATABASE_URL!;
  db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  bus = await startPrivateJetStream("projector-test", log);
  ownerId = await insertUser(db);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

afterAll(async () => {
  await bus?.destroy();
  await db?.end();
});

function project(overrides: Partial<ProjectorOptions> = {}): RunningProjector {
  const p = startProjector({ databaseUrl, nats: bus.link.nc, log, retryBackoff: FAST_RETRY, ...overrides });
  running.push(p);
  return p;
}

async function consuming(p: RunningProjector): Promise<void> {
  await vi.waitFor(() => expect(p.checks()).toEqual({ database: true, consuming: true }), { timeout: 10_000, interval: 20 });
}

const unique = (prefix: string) => `${prefix}_t${randomBytes(8).toString("hex")}`;

async function insertUser(pool: pg.Pool): Promise<string> {
  const id = unique("usr");
  await pool.query("INSERT INTO users (id, name, email, password_hash) VALUES ($1, 'Projector Test', $2, 'x')", [id, `${id}@example.test`]);
  return id;
}

async function insertVideo(status: VideoStatus, pool = db, owner = ownerId, id = unique("vid")): Promise<string> {
  await pool.query("INSERT INTO videos (id, owner_id, title, status, source_key) VALUES ($1, $2, 'A video', $3, $4)", [
    id,
    owner,
    status,
    `sources/${owner}/${id}`,
  ]);
  return id;
}

async function videoRow(id: string, pool = db): Promise<Record<string, unknown>> {
  const { rows } = await pool.query<Record<string, unknown>>("SELECT * FROM videos WHERE id = $1", [id]);
  if (!rows[0]) throw new Error(`no video ${id}`);
  return rows[0];
}

const now = () => new Date().toISOString();

const progress = (videoId: string, percent: number): ProgressEvent => ({
  video_id: videoId,
  stage: "encode",
  percent,
  at: now(),
  trace: {},
});

/** A revision as encoders name them: its attempt's start in base 36, then randomness. */
const revisionFor = (startedMs: number) => `r${startedMs.toString(36).padStart(9, "0")}${randomBytes(3).toString("hex")}`;

const playable = (videoId: string, startedMs: number, revision = revisionFor(startedMs)): PlayableEvent => ({
  video_id: videoId,
  revision,
  started_at: new Date(startedMs).toISOString(),
  duration_seconds: 12.5,
  width: 1920,
  height: 1080,
  keys: { manifest: storageKeys.manifest(videoId, revision), hls_master: storageKeys.hlsMaster(videoId, revision) },
  at: now(),
  trace: {},
});

const encoded = (videoId: string): EncodedEvent => ({
  video_id: videoId,
  duration_seconds: 12.5,
  width: 1920,
  height: 1080,
  renditions: [
    { width: 1920, height: 1080, bitrate_kbps: 5000, codecs: "avc1.640028,mp4a.40.2" },
    { width: 640, height: 360, bitrate_kbps: 800, codecs: "avc1.4d401e,mp4a.40.2" },
  ],
  keys: {
    manifest: `outputs/${videoId}/manifest.json`,
    hls_master: `outputs/${videoId}/master.m3u8`,
    poster: `outputs/${videoId}/poster.jpg`,
    storyboard: `outputs/${videoId}/storyboard.jpg`,
    storyboard_vtt: `outputs/${videoId}/storyboard.vtt`,
  },
  encoded_at: now(),
  trace: {},
});

const failed = (videoId: string, reason = "The file is not a video we can read."): FailedEvent => ({
  video_id: videoId,
  reason,
  code: "bad_media",
  at: now(),
  trace: {},
});

async function publish(type: string, body: unknown): Promise<number> {
  const ack = await bus.js.publish(`video.events.${type}`, typeof body === "string" ? body : JSON.stringify(body));
  return ack.seq;
}

/** Every event published so far has been settled (acked or terminated) by the projector durable. */
async function settled(): Promise<void> {
  await vi.waitFor(
    async () => {
      const info = await bus.jsm.consumers.info(CONSUMERS.projector.stream, CONSUMERS.projector.durable);
      expect({ pending: info.num_pending, ackPending: info.num_ack_pending }).toEqual({ pending: 0, ackPending: 0 });
    },
    { timeout: SETTLE_TIMEOUT_MS, interval: 25 },
  );
}

async function outboxRowsOf(videoId: string): Promise<{ subject: string; payload: unknown; headers: Record<string, string> }[]> {
  const { rows } = await db.query<{ subject: string; payload: unknown; headers: Record<string, string> }>(
    "SELECT subject, payload, headers FROM outbox WHERE payload->>'video_id' = $1",
    [videoId],
  );
  return rows;
}

async function eventCount(registry: Registry, type: string, outcome: string): Promise<number> {
  const metric = await registry.getSingleMetric("projector_events_total")?.get();
  return metric?.values.find((v) => v.labels.type === type && v.labels.outcome === outcome)?.value ?? 0;
}

/** The value of one sample line (`name{labels} value`) in Prometheus text format. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("projector", () => {
  it("moves a queued video to processing with the percent, and never moves the bar back", async () => {
    await consuming(project());
    const id = await insertVideo("queued");

    await publish("progress", progress(id, 35));
    await settled();
    expect(await videoRow(id)).toMatchObject({ status: "processing", progress: 35 });

    // Two projectors can commit a video's progress events in either order.
    await publish("progress", progress(id, 20));
    await settled();
    expect((await videoRow(id)).progress).toBe(35);
    await publish("progress", progress(id, 60));
    await settled();
    expect(await videoRow(id)).toMatchObject({ status: "processing", progress: 60 });
  });

  it("makes an encoded video ready with every column", async () => {
    await consuming(project());
    const id = await insertVideo("processing");
    await db.query("UPDATE videos SET error = 'an earlier attempt failed', progress = 90 WHERE id = $1", [id]);
    const before = await videoRow(id);

    await publish("encoded", encoded(id));
    await settled();
    const row = await videoRow(id);
    expect(row).toMatchObject({
      status: "ready",
      progress: 100,
      duration_seconds: 12.5,
      width: 1920,
      height: 1080,
      error: null,
      outputs: {
        manifestKey: `outputs/${id}/manifest.json`,
        hlsKey: `outputs/${id}/master.m3u8`,
        posterKey: `outputs/${id}/poster.jpg`,
        storyboardKey: `outputs/${id}/storyboard.jpg`,
        storyboardVttKey: `outputs/${id}/storyboard.vtt`,
        renditions: [
          { width: 1920, height: 1080, bitrateKbps: 5000, codec: "avc1.640028,mp4a.40.2" },
          { width: 640, height: 360, bitrateKbps: 800, codec: "avc1.4d401e,mp4a.40.2" },
        ],
      },
    });
    expect(row.published_at).toBeInstanceOf(Date);
    expect((row.updated_at as Date).getTime()).toBeGreaterThan((before.updated_at as Date).getTime());
  });

  it.each([
    { type: "encoded", from: "queued", eventFor: (id: string) => encoded(id) },
    { type: "playable", from: "processing", eventFor: (id: string) => playable(id, Date.now()) },
  ] as const)("applies the same $type event once: one transition, the same row", async ({ type, from, eventFor }) => {
    const registry = new Registry();
    await consuming(project({ registry }));
    const id = await insertVideo(from);
    const event = eventFor(id);

    await publish(type, event);
    await settled();
    const first = await videoRow(id);
    await publish(type, event);
    await settled();

    expect(await videoRow(id)).toEqual(first);
    expect(await eventCount(registry, type, "applied")).toBe(1);
    expect(await eventCount(registry, type, "ignored")).toBe(1);
  });

  it("makes a queued video playable: processing, its media facts, and the live manifests of its revision", async () => {
    await consuming(project());
    const id = await insertVideo("queued");
    const event = playable(id, Date.now());

    await publish("playable", event);
    await settled();
    expect(await videoRow(id)).toMatchObject({
      status: "processing",
      progress: 0,
      duration_seconds: 12.5,
      width: 1920,
      height: 1080,
      published_at: null,
      outputs: {
        revision: event.revision,
        revisionStartedAt: event.started_at,
        manifestKey: `videos/${id}/${event.revision}/manifest.mpd`,
        hlsKey: `videos/${id}/${event.revision}/master.m3u8`,
      },
    });

    // Progress goes on beside it, and keeps the keys.
    await publish("progress", progress(id, 30));
    await settled();
    expect(await videoRow(id)).toMatchObject({ status: "processing", progress: 30, outputs: { revision: event.revision } });
  });

  it("keeps the keys of the attempt that started last, whatever order their playable events arrive in", async () => {
    await consuming(project());
    const id = await insertVideo("processing");
    const started = Date.now();
    const older = playable(id, started - 60_000);
    const newer = playable(id, started);

    await publish("playable", newer);
    await settled();
    // The older attempt's event, late: it must not point players at files the newer attempt replaced.
    await publish("playable", older);
    await settled();
    expect((await videoRow(id)).outputs).toMatchObject({ revision: newer.revision, manifestKey: newer.keys.manifest });

    // A retry that started later still takes over.
    const retry = playable(id, started + 60_000);
    await publish("playable", retry);
    await settled();
    expect((await videoRow(id)).outputs).toMatchObject({
      revision: retry.revision,
      revisionStartedAt: retry.started_at,
      manifestKey: retry.keys.manifest,
    });
  });

  it("makes a playable video ready with the encoded revision, keeping when that attempt started", async () => {
    await consuming(project());
    const id = await insertVideo("queued");
    const live = playable(id, Date.now());
    await publish("playable", live);
    await settled();

    const done: EncodedEvent = {
      ...encoded(id),
      revision: live.revision,
      keys: {
        manifest: storageKeys.manifest(id, live.revision),
        hls_master: storageKeys.hlsMaster(id, live.revision),
        poster: storageKeys.poster(id, live.revision),
      },
    };
    await publish("encoded", done);
    await settled();
    const row = await videoRow(id);
    expect(row).toMatchObject({ status: "ready", progress: 100 });
    expect(row.outputs).toEqual({
      revision: live.revision,
      revisionStartedAt: live.started_at,
      manifestKey: done.keys.manifest,
      hlsKey: done.keys.hls_master,
      posterKey: done.keys.poster,
      renditions: expect.any(Array),
    });
    expect(row.published_at).toBeInstanceOf(Date);

    // Playable is for a video still encoding: a late one changes nothing once it is ready.
    await publish("playable", playable(id, Date.now() + 60_000));
    await settled();
    expect(await videoRow(id)).toEqual(row);
  });

  it("records only the encoded revision when it is not the one playing (no start time to keep)", async () => {
    await consuming(project());
    const id = await insertVideo("processing");
    await publish("playable", playable(id, Date.now()));
    await settled();

    const other = revisionFor(Date.now());
    await publish("encoded", { ...encoded(id), revision: other });
    await settled();
    const outputs = (await videoRow(id)).outputs as Record<string, unknown>;
    expect(outputs.revision).toBe(other);
    expect(outputs).not.toHaveProperty("revisionStartedAt");
  });

  it("changes nothing for progress or failed after ready", async () => {
    await consuming(project());
    const id = await insertVideo("queued");
    await publish("encoded", encoded(id));
    await settled();
    const ready = await videoRow(id);

    await publish("progress", progress(id, 40));
    await publish("failed", failed(id));
    await settled();
    expect(await videoRow(id)).toEqual(ready);
  });

  it("fails a processing video with the reason, and nothing moves it afterwards", async () => {
    await consuming(project());
    const id = await insertVideo("processing");

    await publish("failed", failed(id, "The file has no video stream."));
    await settled();
    const row = await videoRow(id);
    expect(row).toMatchObject({ status: "failed", error: "The file has no video stream.", published_at: null });

    await publish("encoded", encoded(id));
    await publish("playable", playable(id, Date.now()));
    await publish("progress", progress(id, 80));
    await settled();
    expect(await videoRow(id)).toEqual(row);
  });

  it("leaves a deleted video untouched by every event", async () => {
    await consuming(project());
    const id = await insertVideo("deleted");
    const before = await videoRow(id);

    await publish("progress", progress(id, 50));
    await publish("playable", playable(id, Date.now()));
    await publish("encoded", encoded(id));
    await publish("failed", failed(id));
    await settled();
    expect(await videoRow(id)).toEqual(before);
  });

  it("queues the deletion again when an encode finishes after its video was deleted, so its files do not stay", async () => {
    await consuming(project());
    const id = await insertVideo("deleted");
    const event = { ...encoded(id), trace: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" } };
    await publish("playable", playable(id, Date.now()));
    await publish("encoded", event);
    await settled();

    const { rows } = await db.query<{ subject: string; payload: Record<string, unknown> }>(
      "SELECT subject, payload FROM outbox WHERE payload->>'video_id' = $1",
      [id],
    );
    // One deletion, for the encoded event only (the attempt's last file is stored by then), in the edge's shape.
    expect(rows).toHaveLength(1);
    expect(rows[0]?.subject).toBe("jobs.delete");
    expect(deleteJob.parse(rows[0]?.payload)).toMatchObject({ video_id: id, scope: "video", trace: event.trace });
    expect((await videoRow(id)).status).toBe("deleted");
  });

  it("queues the removal of a failed video's outputs with its move to failed, once, keeping the source", async () => {
    await consuming(project());
    const id = await insertVideo("processing");
    const event = {
      ...failed(id, "Encoding kept failing."),
      trace: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
    };

    await publish("failed", event);
    await publish("failed", event);
    await settled();

    expect(await videoRow(id)).toMatchObject({ status: "failed", error: "Encoding kept failing." });
    const rows = await outboxRowsOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.subject).toBe("jobs.delete");
    expect(deleteJob.parse(rows[0]?.payload)).toMatchObject({ video_id: id, scope: "outputs", trace: event.trace });
    expect(rows[0]?.headers).toEqual(event.trace);
  });

  it("queues nothing for a failed event that comes too late", async () => {
    await consuming(project());
    const ready = await insertVideo("ready");
    const deleted = await insertVideo("deleted");

    await publish("failed", failed(ready));
    await publish("failed", failed(deleted));
    await settled();

    expect((await videoRow(ready)).status).toBe("ready");
    expect(await outboxRowsOf(ready)).toEqual([]);
    expect(await outboxRowsOf(deleted)).toEqual([]);
  });

  it("acknowledges an event for an unknown video with a warning", async () => {
    const registry = new Registry();
    await consuming(project({ registry }));
    const id = unique("vid");

    await publish("progress", progress(id, 10));
    await settled();
    expect(await eventCount(registry, "progress", "ignored")).toBe(1);
    expect(logLines.some((l) => l.includes('"level":"warn"') && l.includes("unknown video") && l.includes(id))).toBe(true);
  });

  it("terminates invalid events without redelivery and keeps going", async () => {
    const registry = new Registry();
    await consuming(project({ registry }));
    const before = await bus.jsm.consumers.info(CONSUMERS.projector.stream, CONSUMERS.projector.durable);
    const id = await insertVideo("queued");

    const notJson = await publish("progress", "{not json");
    await publish("progress", { ...progress(id, 10), percent: 150 });
    await publish("playable", { ...playable(id, Date.now()), revision: "../elsewhere" });
    await publish("thumbnail", progress(id, 10));
    await publish("progress", progress(id, 15));
    await settled();

    expect(await videoRow(id)).toMatchObject({ status: "processing", progress: 15 });
    expect(await eventCount(registry, "progress", "invalid")).toBe(2);
    expect(await eventCount(registry, "playable", "invalid")).toBe(1);
    expect(await eventCount(registry, "unknown", "invalid")).toBe(1);
    expect(await eventCount(registry, "progress", "applied")).toBe(1);
    const after = await bus.jsm.consumers.info(CONSUMERS.projector.stream, CONSUMERS.projector.durable);
    // Terminated, not left to time out: nothing was delivered a second time and nothing awaits an ack.
    expect(after.num_redelivered).toBe(before.num_redelivered);
    expect(after.ack_floor.stream_seq).toBeGreaterThan(notJson);
    const errors = logLines.filter((l) => l.includes('"level":"error"') && l.includes("invalid event, terminated"));
    expect(errors.some((l) => l.includes("body is not JSON"))).toBe(true);
    expect(errors.some((l) => l.includes("percent"))).toBe(true);
    expect(errors.some((l) => l.includes("video.events.thumbnail"))).toBe(true);
  });

  it("retries an event while its database is unavailable, pausing so a long outage spends no deliveries", async () => {
    // The projector's database does not exist until the end of the outage; the video's rows wait in a
    // staging database that is renamed into place in one instant step.
    const name = `vod_projector_retry_${randomBytes(4).toString("hex")}`;
    const staging = `${name}_staging`;
    const urlOf = (database: string) => Object.assign(new URL(databaseUrl), { pathname: `/${database}` }).toString();
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: urlOf("postgres") });
      await client.connect();
      await client.query(sql).finally(() => client.end());
    };
    await admin(`CREATE DATABASE ${staging}`);
    const id = unique("vid");
    try {
      await applyMigrations(urlOf(staging));
      const prepared = new pg.Pool({ connectionString: urlOf(staging), max: 1 });
      await insertVideo("queued", prepared, await insertUser(prepared), id).finally(() => prepared.end());

      const registry = new Registry();
      const p = project({ databaseUrl: urlOf(name), registry });
      await vi.waitFor(() => expect(p.checks().consuming).toBe(true), { timeout: 10_000, interval: 20 });
      await publish("progress", progress(id, 42));
      await vi.waitFor(async () => expect(await eventCount(registry, "progress", "retry")).toBe(1), { timeout: 10_000, interval: 25 });
      expect(p.checks().database).toBe(false);

      // Longer than max_deliver redeliveries at this backoff would take: without the pause they would all be spent.
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_LONGER_THAN_DELIVERIES_MS));
      expect(await eventCount(registry, "progress", "retry")).toBe(1);
      expect(p.checks()).toEqual({ database: false, consuming: true });

      const outageEnded = Date.now();
      await vi.waitFor(() => admin(`ALTER DATABASE ${staging} RENAME TO ${name}`), { timeout: 5_000, interval: 100 });
      const restored = new pg.Pool({ connectionString: urlOf(name), max: 1 });
      try {
        await vi.waitFor(async () => expect(await videoRow(id, restored)).toMatchObject({ status: "processing", progress: 42 }), {
          timeout: 10_000,
          interval: 25,
        });
      } finally {
        await restored.end();
      }
      log.info("timing", { test: "database outage", recoveryMs: Date.now() - outageEnded });
      await settled();
      expect(await eventCount(registry, "progress", "applied")).toBe(1);
      expect(p.checks()).toEqual({ database: true, consuming: true });
      expect(logLines.some((l) => l.includes("database error, event handed back for a retry") && l.includes(id))).toBe(true);
      await p.stop();
    } finally {
      // Without FORCE first: terminating a connection pg is still closing makes it emit an error nobody
      // listens to any more (an uncaught exception in the run). FORCE only if one is really left open.
      for (const db of [name, staging]) {
        await vi
          .waitFor(() => admin(`DROP DATABASE IF EXISTS ${db}`), { timeout: 5_000, interval: 100 })
          .catch(() => admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
      }
    }
  });

  it("shares the durable between projectors started at once, each event applied once", async () => {
    const registries = [new Registry(), new Registry(), new Registry()];
    const projectors = registries.map((registry) => project({ registry }));
    await Promise.all(projectors.map(consuming));
    const ids = await Promise.all(Array.from({ length: 60 }, () => insertVideo("queued")));

    const started = Date.now();
    await Promise.all(ids.map((id) => publish("progress", progress(id, 5))));
    await settled();
    log.info("timing", { test: "three projectors", events: ids.length, ms: Date.now() - started });

    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM videos WHERE id = ANY($1) AND status = 'processing' AND progress = 5",
      [ids],
    );
    expect(rows[0]?.n).toBe(ids.length);
    const applied = await Promise.all(registries.map((r) => eventCount(r, "progress", "applied")));
    expect(applied.reduce((a, b) => a + b, 0)).toBe(ids.length);
    const durables: string[] = [];
    for await (const c of bus.jsm.consumers.list(CONSUMERS.projector.stream)) durables.push(c.name);
    expect(durables).toEqual([CONSUMERS.projector.durable]);
  });

  it("declares its durable again when an operator deletes it", async () => {
    const p = project();
    await consuming(p);
    await bus.jsm.consumers.delete(CONSUMERS.projector.stream, CONSUMERS.projector.durable);
    const id = await insertVideo("queued");

    const deleted = Date.now();
    await publish("progress", progress(id, 25));
    await vi.waitFor(async () => expect(await videoRow(id)).toMatchObject({ status: "processing", progress: 25 }), {
      timeout: 20_000,
      interval: 50,
    });
    log.info("timing", { test: "durable deleted", recoveryMs: Date.now() - deleted });
    expect(logLines.some((l) => l.includes("consumer lost, declaring it again"))).toBe(true);
  });

  it("keeps consuming across a NATS restart", async () => {
    const p = project();
    await consuming(p);
    await bus.nats.stop();
    await bus.nats.start();
    const restarted = Date.now();
    const id = await insertVideo("queued");

    // The test's own connection must be back first, or its publish waits out its timeout.
    await vi.waitFor(() => expect(bus.link.isConnected()).toBe(true), { timeout: 10_000, interval: 20 });
    await vi.waitFor(() => publish("progress", progress(id, 55)), { timeout: 10_000, interval: 100 });
    await vi.waitFor(async () => expect(await videoRow(id)).toMatchObject({ status: "processing", progress: 55 }), {
      timeout: 20_000,
      interval: 50,
    });
    log.info("timing", { test: "nats restart", recoveryMs: Date.now() - restarted });
    expect(p.checks()).toEqual({ database: true, consuming: true });
  });

  it("serves its metrics and health checks", async () => {
    const registry = new Registry();
    const p = project({ registry });
    await consuming(p);
    const server = await startMetricsServer({ port: 0, registry, checks: () => p.checks() });
    try {
      const id = await insertVideo("queued");
      await publish("progress", progress(id, 70));
      await publish("encoded", encoded(id));
      await settled();

      const base = `http://127.0.0.1:${server.port}`;
      const text = await (await fetch(`${base}/metrics`)).text();
      for (const name of ["projector_events_total", "projector_apply_duration_seconds", "projector_consumer_pending"]) {
        expect(text).toContain(`# TYPE ${name} `);
      }
      expect(sample(text, 'projector_events_total{type="progress",outcome="applied"}')).toBe(1);
      expect(sample(text, 'projector_events_total{type="encoded",outcome="applied"}')).toBe(1);
      expect(sample(text, 'projector_apply_duration_seconds_count{type="encoded"}')).toBe(1);
      expect(sample(text, "projector_consumer_pending")).toBe(0);

      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      await p.stop();
      const stopped = await fetch(`${base}/healthz`);
      expect(stopped.status).toBe(503);
      expect(await stopped.json()).toEqual({ status: "unavailable", failing: ["consuming"] });
    } finally {
      await server.close();
    }
  });
});
