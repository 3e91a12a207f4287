import { existsSync } from "node:fs";
import { mkdir, utimes, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Registry } from "prom-client";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { REVISION_PATTERN, storageKeys } from "../../shared/storage-keys.js";
import { encodedEvent, eventSubject, type EncodedEvent } from "../../shared/contracts/events.js";
import { newRevision } from "../publish/index.js";
import { uploadText } from "../storage/index.js";
import { encodedMsgId, startEncoderWorker, type EncoderWorkerOptions, type RunningEncoderWorker } from "./index.js";
import {
  TRACEPARENT,
  encodeJobFor,
  leftovers,
  newVideoId,
  outputsOf,
  uploadSource,
  useTestBed,
  workerOptions,
  type VideoEvent,
} from "./testing/harness.js";
import { makeGarbage, makeTestVideo } from "./testing/media-fixtures.js";

// Short, so a job that was not settled would visibly come back within a test.
const ACK_WAIT_MS = 3_000;
const HEARTBEAT_MS = 750;
// For the heartbeat test: a fraction of how long the long source takes to encode.
const SHORT_ACK_WAIT_MS = 1_000;
const ENCODE_TIMEOUT_MS = 60_000;

const EXPECTED_HEADERS: Record<string, { contentType: string; cacheControl: string }> = {
  // Final manifests of a revision never change again; growing ones were stored with max-age=1.
  ".mpd": { contentType: "application/dash+xml", cacheControl: "public, max-age=86400" },
  ".m3u8": { contentType: "application/vnd.apple.mpegurl", cacheControl: "public, max-age=86400" },
  ".json": { contentType: "application/json", cacheControl: "public, max-age=86400" },
  ".jpg": { contentType: "image/jpeg", cacheControl: "public, max-age=31536000, immutable" },
  ".vtt": { contentType: "text/vtt", cacheControl: "public, max-age=5" },
};
const expectedHeaders = (key: string) => {
  const name = key.split("/").pop() ?? "";
  if (extname(name) === ".m4s") {
    return {
      contentType: name.startsWith("init-") ? "video/mp4" : "video/iso.segment",
      cacheControl: "public, max-age=31536000, immutable",
    };
  }
  return EXPECTED_HEADERS[extname(name)];
};

const bed = useTestBed({ name: "encoder-test" });
let workRoot: string;
let goodSource: string;
let garbage: string;
let longSource: string;
const workers: RunningEncoderWorker[] = [];

beforeAll(async () => {
  workRoot = join(bed.scratch, "work");
  await mkdir(workRoot);
  [goodSource, longSource, garbage] = await Promise.all([
    makeTestVideo(bed.scratch, { seconds: 3, width: 640, height: 360 }),
    makeTestVideo(bed.scratch, { seconds: 20, width: 640, height: 360 }),
    makeGarbage(bed.scratch),
  ]);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

/** A worker with its own temp directory and registry, stopped after the test. */
async function worker(overrides: Partial<EncoderWorkerOptions> = {}) {
  const tmpDir = join(workRoot, `w${workers.length}-${Date.now()}`);
  await mkdir(tmpDir);
  const registry = new Registry();
  const w = startEncoderWorker(
    workerOptions(bed, tmpDir, {
      concurrency: 2,
      consumer: { ackWaitMs: ACK_WAIT_MS, maxDeliver: 5, maxAckPending: 64 },
      heartbeatMs: HEARTBEAT_MS,
      registry,
      ...overrides,
    }),
  );
  workers.push(w);
  await w.ready;
  return { worker: w, tmpDir, registry };
}

async function counter(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, unknown>; metricName?: string }[];
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .filter((v) => !v.metricName || v.metricName === name || v.metricName === `${name}_count`)
    .reduce((sum, v) => sum + v.value, 0);
}

const ofType = <T extends VideoEvent["type"]>(events: VideoEvent[], type: T) =>
  events.filter((e): e is Extract<VideoEvent, { type: T }> => e.type === type);

async function settled(): Promise<void> {
  // Acks are confirmed before the job resolves; naks and terms are not, so give them a moment.
  for (let i = 0; i < 50; i++) {
    const info = await bed.probe.consumerInfo();
    if (info.num_ack_pending === 0) return;
    await sleep(100);
  }
  throw new Error("consumer still has unacknowledged jobs");
}

describe("encoder worker", () => {
  it("encodes a job: progress events, then one encoded event, every output in storage, the job acked", async () => {
    const { tmpDir, registry } = await worker();
    const videoId = newVideoId();
    const job = await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, goodSource);
    const started = Date.now();
    const { seq } = await bed.probe.publishJob(job);

    const events = await bed.probe.waitForEvent(videoId, "encoded", ENCODE_TIMEOUT_MS);
    const elapsedMs = Date.now() - started;
    await settled();

    const progress = ofType(events, "progress");
    const encoded = ofType(events, "encoded");
    expect(encoded).toHaveLength(1);
    expect(ofType(events, "failed")).toHaveLength(0);
    // Progress before the encoded event, climbing to a final 100.
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(events.at(-1)?.type).toBe("encoded");
    const percents = progress.map((e) => e.body.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(new Set(progress.map((e) => e.body.stage))).toEqual(new Set(["probe", "encode", "upload"]));

    const [event] = encoded;
    const revision = event?.body.revision ?? "";
    expect(revision).toMatch(REVISION_PATTERN);
    // Playable before encoded, naming the same revision's manifests.
    const playable = ofType(events, "playable");
    expect(playable.map((p) => p.body.revision)).toEqual([revision]);
    expect(playable[0]?.seq).toBeLessThan(event?.seq ?? 0);
    expect(playable[0]?.body.keys).toEqual({
      manifest: storageKeys.manifest(videoId, revision),
      hls_master: storageKeys.hlsMaster(videoId, revision),
    });
    expect(event?.msgId).toBe(`${videoId}:encoded`);
    expect(event?.traceparent).toBe(TRACEPARENT);
    expect(event?.body).toMatchObject({
      video_id: videoId,
      width: 640,
      height: 360,
      keys: {
        manifest: storageKeys.manifest(videoId, revision),
        hls_master: storageKeys.hlsMaster(videoId, revision),
        poster: storageKeys.poster(videoId, revision),
      },
      trace: { traceparent: TRACEPARENT },
    });
    expect(event?.body.duration_seconds).toBeCloseTo(3, 0);
    expect(event?.body.renditions.length).toBeGreaterThanOrEqual(1);
    for (const r of event?.body.renditions ?? []) expect(r.codecs).toMatch(/avc1/);

    const outputs = await outputsOf(bed.s3, bed.storage.S3_BUCKET, videoId);
    const keys = outputs.map((o) => o.key);
    for (const key of Object.values(event?.body.keys ?? {})) expect(keys).toContain(key);
    expect(keys).toContain(storageKeys.revisionRecord(videoId, revision));
    expect(keys.every((k) => k.startsWith(storageKeys.revisionPrefix(videoId, revision)))).toBe(true);
    expect(keys.some((k) => k.endsWith(".m4s") && k.includes("/init-"))).toBe(true);
    expect(keys.some((k) => k.endsWith(".m4s") && k.includes("/chunk-"))).toBe(true);
    for (const o of outputs) {
      expect({ key: o.key, contentType: o.contentType, cacheControl: o.cacheControl }).toEqual({ key: o.key, ...expectedHeaders(o.key) });
      expect(o.size).toBeGreaterThan(0);
    }

    const info = await bed.probe.consumerInfo();
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
    expect(await bed.probe.jobStillStored(seq)).toBe(false);
    expect(bed.logs.attempts(videoId)).toEqual([1]);
    expect(await leftovers(tmpDir)).toEqual([]);
    expect(await counter(registry, "encoder_jobs_total", { outcome: "done" })).toBe(1);
    expect(await counter(registry, "encoder_realtime_factor")).toBe(1);
    bed.log.info("timing", { test: "good job", elapsedMs, outputs: outputs.length });
  });

  it("fails random bytes as bad media on the first delivery, with one failed event and no redelivery", async () => {
    const { tmpDir, registry } = await worker();
    const videoId = newVideoId();
    const job = await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, garbage);
    const { seq } = await bed.probe.publishJob(job);

    const events = await bed.probe.waitForEvent(videoId, "failed", ENCODE_TIMEOUT_MS);
    await settled();
    // Past ack_wait: a job that was not terminated would have come back by now.
    await sleep(ACK_WAIT_MS + 1_000);

    const after = await bed.probe.eventsFor(videoId);
    expect(after).toHaveLength(events.length);
    const failed = ofType(after, "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.body).toMatchObject({ video_id: videoId, code: "bad_media", trace: { traceparent: TRACEPARENT } });
    expect(failed[0]?.body.reason.length).toBeGreaterThan(0);
    expect(ofType(after, "encoded")).toHaveLength(0);
    expect(bed.logs.attempts(videoId)).toEqual([1]);
    expect(await bed.probe.jobStillStored(seq)).toBe(false);
    expect((await bed.probe.consumerInfo()).num_ack_pending).toBe(0);
    expect(await counter(registry, "encoder_jobs_total", { outcome: "bad_media" })).toBe(1);
    expect(await leftovers(tmpDir)).toEqual([]);
  });

  it("terminates unparseable jobs; one that names its video gets a failed event with code internal", async () => {
    const { registry } = await worker();
    const videoId = newVideoId();
    await bed.probe.publishJob("this is not json");
    await bed.probe.publishJob(JSON.stringify({ video_id: videoId, source_key: 42 }));

    const events = await bed.probe.waitForEvent(videoId, "failed", 10_000);
    await settled();
    expect(ofType(events, "failed").map((e) => e.body.code)).toEqual(["internal"]);
    await sleep(ACK_WAIT_MS + 1_000);
    expect(await counter(registry, "encoder_jobs_total", { outcome: "poison" })).toBe(2);
    expect(await bed.probe.eventsFor(videoId)).toHaveLength(events.length);
    expect((await bed.probe.consumerInfo()).num_ack_pending).toBe(0);
  });

  it("terminates a job whose source is not in storage", async () => {
    const { registry } = await worker();
    const videoId = newVideoId();
    await bed.probe.publishJob(encodeJobFor(videoId, 1_000));
    const events = await bed.probe.waitForEvent(videoId, "failed", 10_000);
    expect(ofType(events, "failed")[0]?.body).toMatchObject({ code: "internal" });
    await settled();
    expect(await counter(registry, "encoder_jobs_total", { outcome: "poison" })).toBe(1);
  });

  it("adopts the finished revision when a done job is delivered again: no second encode, the repeated encoded event dropped", async () => {
    const { registry } = await worker({ concurrency: 1 });
    const videoId = newVideoId();
    const job = await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, goodSource);
    await bed.probe.publishJob(job, `obx_first_${videoId}`);
    await bed.probe.waitForEvent(videoId, "encoded", ENCODE_TIMEOUT_MS);
    await settled();
    const firstKeys = (await outputsOf(bed.s3, bed.storage.S3_BUCKET, videoId)).map((o) => o.key);

    await bed.probe.publishJob(job, `obx_second_${videoId}`);
    for (let i = 0; (await counter(registry, "encoder_jobs_total", { outcome: "done" })) < 2; i++) {
      if (i > ENCODE_TIMEOUT_MS / 100) throw new Error("second delivery did not finish");
      await sleep(100);
    }
    await settled();

    expect((await outputsOf(bed.s3, bed.storage.S3_BUCKET, videoId)).map((o) => o.key)).toEqual(firstKeys);
    expect(ofType(await bed.probe.eventsFor(videoId), "encoded")).toHaveLength(1);
    const stored = bed.logs.about(videoId).filter((l) => l.message === "encoded event stored");
    expect(stored.map((l) => l.duplicate)).toEqual([false, true]);
    expect(bed.logs.about(videoId).filter((l) => l.message === "encoding")).toHaveLength(1);
    expect(bed.logs.about(videoId).filter((l) => l.message === "adopting a finished revision")).toHaveLength(1);
  });

  it("runs two deliveries of one video at once and keeps one revision: the one whose encoded event the stream stored", async () => {
    await worker({ concurrency: 2 });
    const videoId = newVideoId();
    const job = await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, longSource);
    await bed.probe.publishJob(job, `obx_a_${videoId}`);
    await bed.probe.publishJob(job, `obx_b_${videoId}`);
    for (let i = 0; bed.logs.about(videoId).filter((l) => l.message === "encoded event stored").length < 2; i++) {
      if (i > ENCODE_TIMEOUT_MS / 100) throw new Error("both deliveries did not finish");
      await sleep(100);
    }
    await settled();

    const events = await bed.probe.eventsFor(videoId);
    const encoded = ofType(events, "encoded");
    expect(encoded).toHaveLength(1);
    const started = ofType(events, "playable").map((e) => e.body.revision);
    expect(started).toHaveLength(2);
    expect(started).toContain(encoded[0]?.body.revision);
    // Both agree on the revision the stream holds; the other folder is gone.
    const stored = bed.logs.about(videoId).filter((l) => l.message === "encoded event stored");
    expect(stored.map((l) => l.revision)).toEqual([encoded[0]?.body.revision, encoded[0]?.body.revision]);
    const folders = new Set((await outputsOf(bed.s3, bed.storage.S3_BUCKET, videoId)).map((o) => o.key.split("/")[2]));
    expect([...folders]).toEqual([encoded[0]?.body.revision]);
  });

  it("gives way to a newer attempt that finished and published first: its own folder removed, the published one kept", async () => {
    const { registry } = await worker({ concurrency: 1 });
    const videoId = newVideoId();
    await bed.probe.publishJob(await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, longSource));
    const [playable] = ofType(await bed.probe.waitForEvent(videoId, "playable", ENCODE_TIMEOUT_MS), "playable");
    const older = playable?.body.revision ?? "";

    // Another delivery of the job, started after this one, finishes first: its record, then its event.
    const newer = newRevision().id;
    expect(newer > older).toBe(true);
    const theirs = finishedElsewhere(videoId, newer);
    await uploadText(bed.s3, {
      bucket: bed.storage.S3_BUCKET,
      key: storageKeys.revisionRecord(videoId, newer),
      text: JSON.stringify(theirs),
      headers: { contentType: "application/json", cacheControl: "no-store" },
    });
    await bed.probe.js.publish(eventSubject("encoded"), JSON.stringify(theirs), { msgID: encodedMsgId(videoId) });

    for (let i = 0; (await counter(registry, "encoder_jobs_total", { outcome: "done" })) < 1; i++) {
      if (i > ENCODE_TIMEOUT_MS / 100) throw new Error("the delivery did not finish");
      await sleep(100);
    }
    await settled();

    expect(ofType(await bed.probe.eventsFor(videoId), "encoded").map((e) => e.body.revision)).toEqual([newer]);
    const stored = bed.logs.about(videoId).filter((l) => l.message === "encoded event stored");
    expect(stored.map((l) => [l.duplicate, l.revision])).toEqual([[true, newer]]);
    const folders = new Set((await outputsOf(bed.s3, bed.storage.S3_BUCKET, videoId)).map((o) => o.key.split("/")[2]));
    expect([...folders]).toEqual([newer]);
  });

  it("removes the work directory a killed worker left behind, and never a running job's", async () => {
    // A sweep every second removes what nobody touched for a second: the running job's own directory lives
    // through many of them only because the job touches it on every heartbeat.
    const tmpDir = join(workRoot, `shared-${Date.now()}`);
    const abandoned = join(tmpDir, "vid_killed-abc123");
    const unrelated = join(tmpDir, "notes-abc123");
    await mkdir(join(abandoned, "out"), { recursive: true });
    await writeFile(join(abandoned, "out", "chunk-0-00001.m4s"), "segment");
    await mkdir(unrelated);
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await Promise.all([utimes(abandoned, longAgo, longAgo), utimes(unrelated, longAgo, longAgo)]);

    await worker({ heartbeatMs: 100, workDirStaleAfterMs: 1_000, tmpDir });
    const videoId = newVideoId();
    await bed.probe.publishJob(await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, longSource));
    await bed.probe.waitForEvent(videoId, "encoded", ENCODE_TIMEOUT_MS);
    await settled();

    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(unrelated)).toBe(true);
    expect(bed.logs.about(videoId).filter((l) => l.message === "job started")).toHaveLength(1);
    expect(bed.logs.about(videoId).filter((l) => l.message === "job done")).toHaveLength(1);
    expect(await leftovers(tmpDir)).toEqual(["notes-abc123"]);
  });

  it("keeps a job longer than ack_wait to one delivery by heartbeating", async () => {
    // Two workers, so a job whose ack_wait ran out would visibly go to the idle one.
    const consumer = { ackWaitMs: SHORT_ACK_WAIT_MS, maxDeliver: 5, maxAckPending: 64 };
    await worker({ consumer, heartbeatMs: SHORT_ACK_WAIT_MS / 4 });
    await worker({ consumer, heartbeatMs: SHORT_ACK_WAIT_MS / 4 });
    const videoId = newVideoId();
    await bed.probe.publishJob(await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, longSource));
    const started = Date.now();
    await bed.probe.waitForEvent(videoId, "encoded", ENCODE_TIMEOUT_MS);
    const elapsedMs = Date.now() - started;
    await settled();

    expect(elapsedMs).toBeGreaterThan(2 * SHORT_ACK_WAIT_MS);
    expect(bed.logs.about(videoId).filter((l) => l.message === "job started")).toHaveLength(1);
    expect((await bed.probe.consumerInfo()).num_redelivered).toBe(0);
    bed.log.info("timing", { test: "heartbeat", elapsedMs, ackWaitMs: SHORT_ACK_WAIT_MS });
  });

  it("stop() lets a running job finish within the grace period", async () => {
    const { worker: w, registry } = await worker({ stopGraceMs: 60_000 });
    const videoId = newVideoId();
    await bed.probe.publishJob(await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, goodSource));
    await waitForStage(videoId, "encode");

    await w.stop();
    expect(ofType(await bed.probe.eventsFor(videoId), "encoded")).toHaveLength(1);
    expect(await counter(registry, "encoder_jobs_total", { outcome: "done" })).toBe(1);
    await settled();
  });

  it("stop() hands a job back when the grace period runs out, and another worker takes it at once", async () => {
    const first = await worker({ stopGraceMs: 0 });
    const videoId = newVideoId();
    await bed.probe.publishJob(await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, goodSource));
    await waitForStage(videoId, "encode");

    await first.worker.stop();
    expect(await counter(first.registry, "encoder_jobs_total", { outcome: "handed_back" })).toBe(1);
    expect(await leftovers(first.tmpDir)).toEqual([]);

    const handedBackAt = Date.now();
    await worker();
    await bed.probe.waitForEvent(videoId, "encoded", ENCODE_TIMEOUT_MS);
    const attempts = bed.logs.about(videoId).filter((l) => l.message === "job started");
    // Not asserted as attempts 1 and 2: nats-server 2.9.10 does not count a redelivery that first went to
    // the stopped worker's still-open pull request, so the second delivery may say attempt 1 again.
    expect(attempts).toHaveLength(2);
    // Naked without delay: back well before ack_wait would have returned it.
    const secondStart = Date.parse(String(attempts[1]?.time));
    expect(secondStart - handedBackAt).toBeLessThan(ACK_WAIT_MS);
    expect(ofType(await bed.probe.eventsFor(videoId), "encoded")).toHaveLength(1);
  });
});

async function waitForStage(videoId: string, stage: string): Promise<void> {
  const deadline = Date.now() + ENCODE_TIMEOUT_MS;
  while (!ofType(await bed.probe.eventsFor(videoId), "progress").some((e) => e.body.stage === stage)) {
    if (Date.now() > deadline) throw new Error(`${videoId} never reached ${stage}`);
    await sleep(50);
  }
}

/** The encoded event another delivery of the video would have recorded and published for `revision`. */
function finishedElsewhere(videoId: string, revision: string): EncodedEvent {
  return encodedEvent.parse({
    video_id: videoId,
    revision,
    duration_seconds: 20,
    width: 640,
    height: 360,
    renditions: [{ name: "360p", width: 640, height: 360, bitrate_kbps: 800, codecs: "avc1.64001e" }],
    keys: {
      manifest: storageKeys.manifest(videoId, revision),
      hls_master: storageKeys.hlsMaster(videoId, revision),
      poster: storageKeys.poster(videoId, revision),
    },
    encoded_at: new Date().toISOString(),
  });
}
