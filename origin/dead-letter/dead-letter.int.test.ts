import { randomBytes } from "node:crypto";
import { AckPolicy, type ConsumerMessages, type StoredMsg } from "@nats-io/jetstream";
import { headers as natsHeaders, nanos } from "@nats-io/transport-node";
import pg from "pg";
import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { DOWNLOAD_FAILURES, type DownloadJob } from "../../shared/contracts/downloads.js";
import { deleteJob, type EncodeJob } from "../../shared/contracts/video-lifecycle.js";
import { createLogger } from "../../shared/logger.js";
import { maxDeliveriesAdvisory, STREAMS, SUBJECTS } from "../../shared/messaging/topology.js";
import { doublingBackoff, ensureStreams, startMetricsServer } from "../../shared/node/index.js";
import { startPrivateJetStream, type PrivateJetStream } from "../../local/testing/private-jetstream.js";
import { startProjector, type RunningProjector } from "../projector/index.js";
import {
  ADVISORIES_STREAM,
  DEAD_LETTER_CONSUMER,
  DLQ_HEADERS,
  ensureAdvisoriesStream,
  startDeadLetterHandler,
  type RunningDeadLetterHandler,
} from "./index.js";

// Two deliveries and a short ack wait: a job exhausts its deliveries within moments.
const FAKE_ENCODER = { durable: "encoder", maxDeliver: 2, ackWaitMs: 1_000 };
const FAST_RETRY = doublingBackoff(100, 500);
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const WAIT = { timeout: 15_000, interval: 50 };
const reasonAfter = (n: number) => `Encoding kept failing after ${n} attempts; the file was set aside for an operator to look at.`;

// A work-queue stream allows one consumer per subject: a private NATS lets this file own JOBS and its `encoder`.
let bus: PrivateJetStream;
let db: pg.Pool;
let ownerId: string;
const logLines: string[] = [];
const log = createLogger("dead-letter-test", { level: "debug", write: (line) => logLines.push(line) });
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject("stackEnv").DATABASE_URL!, max: 2 });
  bus = await startPrivateJetStream("dead-letter-test", log);
  await ensureStreams(bus.jsm);
  // As after any earlier run of the handler: advisories are captured even before this one starts.
  await ensureAdvisoriesStream(bus.jsm);
  await bus.jsm.consumers.add(STREAMS.jobs.name, {
    durable_name: FAKE_ENCODER.durable,
    filter_subject: SUBJECTS.encode,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(FAKE_ENCODER.ackWaitMs),
    max_deliver: FAKE_ENCODER.maxDeliver,
  });
  ownerId = `usr_t${randomBytes(8).toString("hex")}`;
  await db.query("INSERT INTO users (id, name, email, password_hash) VALUES ($1, 'Dead Letter Test', $2, 'x')", [
    ownerId,
    `${ownerId}@example.test`,
  ]);
});

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

afterAll(async () => {
  await bus?.destroy();
  await db?.end();
});

function handler(registry = new Registry()): RunningDeadLetterHandler {
  const h = startDeadLetterHandler({ nats: bus.link.nc, log, registry, retryBackoff: FAST_RETRY });
  stops.push(() => h.stop());
  return h;
}

function projector(): RunningProjector {
  const p = startProjector({ databaseUrl: inject("stackEnv").DATABASE_URL!, nats: bus.link.nc, log });
  stops.push(() => p.stop());
  return p;
}

/** An encoder that fails every job at once. */
async function failingEncoder(): Promise<void> {
  const consumer = await bus.js.consumers.get(STREAMS.jobs.name, FAKE_ENCODER.durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 10 });
  void (async () => {
    for await (const msg of messages) msg.nak();
  })();
  stops.push(() => messages.close());
}

async function insertQueuedVideo(): Promise<string> {
  const id = `vid_t${randomBytes(8).toString("hex")}`;
  await db.query("INSERT INTO videos (id, owner_id, title, status, source_key) VALUES ($1, $2, 'A video', 'queued', $3)", [
    id,
    ownerId,
    `sources/${ownerId}/${id}`,
  ]);
  return id;
}

async function videoRow(id: string): Promise<{ status: string; error: string | null }> {
  const { rows } = await db.query<{ status: string; error: string | null }>("SELECT status, error FROM videos WHERE id = $1", [id]);
  if (!rows[0]) throw new Error(`no video ${id}`);
  return rows[0];
}

/** Publishes a job as the relay does (outbox id as msg id, trace header); returns its JOBS sequence. */
async function publishJob(subject: string, videoId: string): Promise<{ seq: number; msgId: string; body: string }> {
  const job: EncodeJob = {
    video_id: videoId,
    owner_id: ownerId,
    source_key: `sources/${ownerId}/${videoId}`,
    content_type: "video/mp4",
    size_bytes: 1_048_576,
    requested_at: new Date().toISOString(),
    trace: { traceparent: TRACEPARENT },
  };
  const msgId = `obx_t${randomBytes(8).toString("hex")}`;
  const h = natsHeaders();
  h.set("traceparent", TRACEPARENT);
  const body = JSON.stringify(job);
  const ack = await bus.js.publish(subject, body, { msgID: msgId, headers: h });
  return { seq: ack.seq, msgId, body };
}

/** What the server publishes when a message reaches its consumer's max_deliver. */
function publishAdvisory(consumer: string, seq: number, deliveries: number): void {
  const advisory = {
    type: "io.nats.jetstream.advisory.v1.max_deliver",
    id: randomBytes(8).toString("hex"),
    timestamp: new Date().toISOString(),
    stream: STREAMS.jobs.name,
    consumer,
    stream_seq: seq,
    deliveries,
  };
  bus.link.nc.publish(maxDeliveriesAdvisory(STREAMS.jobs.name, consumer), JSON.stringify(advisory));
}

/** Every message of a stream, read by sequence (the private server's streams hold only this file's). */
async function streamMessages(stream: string): Promise<StoredMsg[]> {
  const { state } = await bus.jsm.streams.info(stream);
  const out: StoredMsg[] = [];
  for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
    const msg = await bus.jsm.streams.getMessage(stream, { seq });
    if (msg) out.push(msg);
  }
  return out;
}

async function deadLettersOf(jobSeq: number): Promise<StoredMsg[]> {
  return (await streamMessages(STREAMS.deadLetters.name)).filter((m) => m.header?.get(DLQ_HEADERS.streamSeq) === String(jobSeq));
}

async function failedEventsOf(videoId: string): Promise<StoredMsg[]> {
  return (await streamMessages(STREAMS.events.name)).filter(
    (m) => m.subject === "video.events.failed" && (m.json() as { video_id?: string }).video_id === videoId,
  );
}

/** The `jobs.delete` outbox rows of scope `outputs` queued for a video, as the relay would publish them. */
async function purgesOf(videoId: string): Promise<{ payload: unknown; headers: Record<string, string> }[]> {
  const { rows } = await db.query<{ payload: unknown; headers: Record<string, string> }>(
    "SELECT payload, headers FROM outbox WHERE subject = $1 AND payload->>'video_id' = $2 AND payload->>'scope' = 'outputs'",
    [SUBJECTS.delete, videoId],
  );
  return rows;
}

async function advisoriesFor(jobSeq: number): Promise<number> {
  const all = await streamMessages(ADVISORIES_STREAM.name);
  return all.filter((m) => (m.json() as { stream_seq?: number }).stream_seq === jobSeq).length;
}

/** The handler has settled every captured advisory. */
async function advisoriesSettled(): Promise<void> {
  await vi.waitFor(async () => {
    const info = await bus.jsm.consumers.info(DEAD_LETTER_CONSUMER.stream, DEAD_LETTER_CONSUMER.durable);
    expect({ pending: info.num_pending, ackPending: info.num_ack_pending }).toEqual({ pending: 0, ackPending: 0 });
  }, WAIT);
}

async function counter(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  const match = metric?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
  return match?.value ?? 0;
}

describe("dead-letter handler", () => {
  it("moves a job that kept failing to JOBS_DLQ, with its data and headers, and fails its video", async () => {
    const registry = new Registry();
    handler(registry);
    projector();
    await failingEncoder();
    const videoId = await insertQueuedVideo();

    const started = Date.now();
    const job = await publishJob(SUBJECTS.encode, videoId);
    await vi.waitFor(
      async () => expect(await videoRow(videoId)).toEqual({ status: "failed", error: reasonAfter(FAKE_ENCODER.maxDeliver) }),
      WAIT,
    );
    log.info("timing", { test: "publish to failed video", ms: Date.now() - started });

    const [dead, ...more] = await deadLettersOf(job.seq);
    expect(more).toEqual([]);
    expect(dead?.subject).toBe("jobs.dlq.encode");
    expect(dead?.string()).toBe(job.body);
    expect(dead?.header.get("traceparent")).toBe(TRACEPARENT);
    expect(dead?.header.get(DLQ_HEADERS.reason)).toBe("max_deliveries");
    expect(dead?.header.get(DLQ_HEADERS.deliveries)).toBe(String(FAKE_ENCODER.maxDeliver));
    expect(dead?.header.get(DLQ_HEADERS.consumer)).toBe(FAKE_ENCODER.durable);
    expect(dead?.header.get(DLQ_HEADERS.originalMsgId)).toBe(job.msgId);
    expect(dead?.header.get("Nats-Msg-Id")).toBe(`dlq-JOBS-${job.seq}`);
    expect(await bus.jsm.streams.getMessage(STREAMS.jobs.name, { seq: job.seq })).toBeNull();

    const [event] = await failedEventsOf(videoId);
    expect(event?.json()).toMatchObject({ code: "max_deliveries", reason: reasonAfter(2), trace: { traceparent: TRACEPARENT } });
    // What the last attempt left in storage (a live manifest, half written) goes; the source stays. The
    // projector queued it with the move to failed.
    const [purge, ...morePurges] = await purgesOf(videoId);
    expect(morePurges).toEqual([]);
    expect(deleteJob.parse(purge?.payload)).toMatchObject({ video_id: videoId, scope: "outputs", trace: { traceparent: TRACEPARENT } });
    expect(purge?.headers).toEqual({ traceparent: TRACEPARENT });
    await advisoriesSettled();
    expect(await counter(registry, "dead_letter_jobs_total", { subject: SUBJECTS.encode })).toBe(1);
    expect(await counter(registry, "dead_letter_failures_total")).toBe(0);
  });

  it("handles advisories published while it was not running", async () => {
    projector();
    await failingEncoder();
    const videoId = await insertQueuedVideo();
    const job = await publishJob(SUBJECTS.encode, videoId);

    // The advisory fired with no handler anywhere: only the ADVISORIES stream has it.
    await vi.waitFor(async () => expect(await advisoriesFor(job.seq)).toBe(1), WAIT);
    expect(await bus.jsm.streams.getMessage(STREAMS.jobs.name, { seq: job.seq })).not.toBeNull();
    expect((await videoRow(videoId)).status).toBe("queued");

    const started = Date.now();
    handler();
    await vi.waitFor(async () => expect((await videoRow(videoId)).status).toBe("failed"), WAIT);
    log.info("timing", { test: "catch-up after start", ms: Date.now() - started });
    expect(await deadLettersOf(job.seq)).toHaveLength(1);
    expect(await bus.jsm.streams.getMessage(STREAMS.jobs.name, { seq: job.seq })).toBeNull();
  });

  it("handles the same advisory twice with one DLQ message and one failed event", async () => {
    const registry = new Registry();
    handler(registry);
    projector();
    const videoId = await insertQueuedVideo();
    // No encoder pulls it: the job sits in JOBS as one that reached max_deliver does.
    const job = await publishJob(SUBJECTS.encode, videoId);

    publishAdvisory(FAKE_ENCODER.durable, job.seq, 5);
    publishAdvisory(FAKE_ENCODER.durable, job.seq, 5);
    await vi.waitFor(async () => expect(await advisoriesFor(job.seq)).toBe(2), WAIT);
    await advisoriesSettled();

    expect(await deadLettersOf(job.seq)).toHaveLength(1);
    expect(await failedEventsOf(videoId)).toHaveLength(1);
    await vi.waitFor(async () => expect(await videoRow(videoId)).toEqual({ status: "failed", error: reasonAfter(5) }), WAIT);
    expect(await purgesOf(videoId)).toHaveLength(1);
    expect(await counter(registry, "dead_letter_jobs_total", { subject: SUBJECTS.encode })).toBe(1);
    expect(logLines.some((l) => l.includes("job of this advisory already moved") && l.includes(`"stream_seq":${job.seq}`))).toBe(true);
  });

  it("fails the request of a download job that kept failing, once, and not a newer request of the same file", async () => {
    const registry = new Registry();
    handler(registry);
    projector();
    const videoId = await insertQueuedVideo();
    const revision = "r0abcdefgh123456";
    const requestedAt = new Date().toISOString();
    await db.query("INSERT INTO downloads (video_id, revision, rendition, requested_at) VALUES ($1, $2, '240p', $3)", [
      videoId,
      revision,
      requestedAt,
    ]);
    const job: DownloadJob = {
      video_id: videoId,
      revision,
      rendition: "240p",
      video_representation: "0",
      audio_representation: "1",
      key: `videos/${videoId}/${revision}/downloads/240p.mp4`,
      filename: "A video.mp4",
      requested_at: requestedAt,
      trace: { traceparent: TRACEPARENT },
    };
    const body = JSON.stringify(job);
    const { seq } = await bus.js.publish(SUBJECTS.download, body, { msgID: `obx_t${randomBytes(8).toString("hex")}` });

    // The downloader's last delivery failed: the same advisory twice (a handler that crashed before its ack).
    publishAdvisory("downloader", seq, 5);
    publishAdvisory("downloader", seq, 5);
    const failure = async () =>
      (
        await db.query<{ failure_code: string | null; failure_reason: string | null }>(
          "SELECT failure_code, failure_reason FROM downloads WHERE video_id = $1",
          [videoId],
        )
      ).rows[0];
    await vi.waitFor(
      async () => expect(await failure()).toEqual({ failure_code: "max_deliveries", failure_reason: DOWNLOAD_FAILURES.max_deliveries }),
      WAIT,
    );
    await advisoriesSettled();
    expect((await deadLettersOf(seq)).map((m) => [m.subject, m.string()])).toEqual([["jobs.dlq.download", body]]);
    const events = (await streamMessages(STREAMS.events.name)).filter(
      (m) => m.subject === "video.events.download_failed" && (m.json() as { video_id?: string }).video_id === videoId,
    );
    expect(events.map((m) => m.json())).toEqual([
      expect.objectContaining({
        rendition: "240p",
        requested_at: requestedAt,
        code: "max_deliveries",
        trace: { traceparent: TRACEPARENT },
      }),
    ]);
    // The video itself is not failed: only that download is.
    expect((await videoRow(videoId)).status).toBe("queued");
    expect(await counter(registry, "dead_letter_jobs_total", { subject: SUBJECTS.download })).toBe(1);

    // Asked again since (the edge cleared the failure and queued a new job): a late give-up of the old job changes nothing.
    await db.query(
      "UPDATE downloads SET requested_at = now(), failed_at = NULL, failure_code = NULL, failure_reason = NULL WHERE video_id = $1",
      [videoId],
    );
    const stale = await bus.js.publish(SUBJECTS.download, body, { msgID: `obx_t${randomBytes(8).toString("hex")}` });
    publishAdvisory("downloader", stale.seq, 5);
    await vi.waitFor(async () => expect(await deadLettersOf(stale.seq)).toHaveLength(1), WAIT);
    await advisoriesSettled();
    expect(await failure()).toEqual({ failure_code: null, failure_reason: null });
  });

  it("finishes a move interrupted between the DLQ publish and the delete, without a second copy", async () => {
    const registry = new Registry();
    const videoId = await insertQueuedVideo();
    const job = await publishJob(SUBJECTS.delete, videoId);
    // What a handler that crashed right after its DLQ publish leaves behind.
    const stored = await bus.jsm.streams.getMessage(STREAMS.jobs.name, { seq: job.seq });
    await bus.js.publish("jobs.dlq.delete", stored!.data, { msgID: `dlq-JOBS-${job.seq}` });

    handler(registry);
    publishAdvisory("deleter", job.seq, 5);
    await vi.waitFor(async () => expect(await bus.jsm.streams.getMessage(STREAMS.jobs.name, { seq: job.seq })).toBeNull(), WAIT);
    await advisoriesSettled();

    expect((await streamMessages(STREAMS.deadLetters.name)).filter((m) => m.string() === job.body)).toHaveLength(1);
    // A delete job has no video to fail, nor outputs to purge.
    expect(await failedEventsOf(videoId)).toEqual([]);
    expect(await purgesOf(videoId)).toEqual([]);
    expect(await counter(registry, "dead_letter_jobs_total", { subject: SUBJECTS.delete })).toBe(1);
  });

  it("terminates an unreadable advisory and keeps going", async () => {
    const registry = new Registry();
    const h = handler(registry);
    await vi.waitFor(() => expect(h.checks()).toEqual({ consuming: true }), WAIT);
    const server = await startMetricsServer({ port: 0, registry, checks: () => h.checks() });
    try {
      bus.link.nc.publish(maxDeliveriesAdvisory(STREAMS.jobs.name, FAKE_ENCODER.durable), "{not json");
      const videoId = await insertQueuedVideo();
      const job = await publishJob(SUBJECTS.delete, videoId);
      publishAdvisory("deleter", job.seq, 5);
      await vi.waitFor(async () => expect(await deadLettersOf(job.seq)).toHaveLength(1), WAIT);
      await advisoriesSettled();

      const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(text).toContain("dead_letter_failures_total 1\n");
      expect(text).toContain(`dead_letter_jobs_total{subject="${SUBJECTS.delete}"} 1\n`);
      expect(logLines.some((l) => l.includes('"level":"error"') && l.includes("unreadable max-deliveries advisory"))).toBe(true);
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("declares ADVISORIES idempotently from several handlers at once and repairs drift", async () => {
    const handlers = [handler(), handler(), handler()];
    await vi.waitFor(() => expect(handlers.map((h) => h.checks().consuming)).toEqual([true, true, true]), WAIT);
    const info = await bus.jsm.streams.info(ADVISORIES_STREAM.name);
    expect(info.config).toMatchObject({ ...ADVISORIES_STREAM, subjects: ["$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.JOBS.>"] });

    expect(await Promise.all([1, 2, 3].map(() => ensureAdvisoriesStream(bus.jsm)))).toEqual(Array(3).fill("created-or-unchanged"));
    // An hour: the server refuses a max age under the (default, two-minute) duplicate window.
    await bus.jsm.streams.update(ADVISORIES_STREAM.name, { ...info.config, max_age: nanos(60 * 60_000) });
    expect(await ensureAdvisoriesStream(bus.jsm)).toBe("updated");
    expect((await bus.jsm.streams.info(ADVISORIES_STREAM.name)).config.max_age).toBe(ADVISORIES_STREAM.max_age);
  });
});
