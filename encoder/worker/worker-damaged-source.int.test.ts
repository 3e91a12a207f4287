import type { S3Client } from "@aws-sdk/client-s3";
import { mkdtemp, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "../../shared/config/parse-config.js";
import { storageConfigSchema } from "../../shared/config/storage-config.js";
import { createLogger } from "../../shared/logger.js";
import { connectNats, type NatsLink } from "../../shared/node/index.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { createPrivateNats, type PrivateNats } from "../../local/testing/private-nats.js";
import { startEncoderWorker, type RunningEncoderWorker } from "./index.js";
import { LogCapture, NatsProbe, leftovers, newVideoId, outputsOf, uploadSource } from "./testing/harness.js";
import { makeTestVideo } from "./testing/media-fixtures.js";

const ACK_WAIT_MS = 3_000;
const ENCODE_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 90_000;
const SOURCE_SECONDS = 20;

const stackEnv = inject("stackEnv");
const storage = parseConfig(storageConfigSchema, stackEnv);
let nats: PrivateNats;
let link: NatsLink;
let probe: NatsProbe;
let s3: S3Client;
let fixtures: string;
let whole: string;
const logs = new LogCapture();
const log = createLogger("damaged-source-test", { level: "debug", write: logs.write });
const workers: { worker: RunningEncoderWorker; tmpDir: string }[] = [];

beforeAll(async () => {
  nats = await createPrivateNats();
  await nats.start();
  [link, probe] = await Promise.all([connectNats({ servers: [nats.url], name: "damaged-source-test", log }), NatsProbe.connect(nats.url)]);
  s3 = createS3Client(storage);
  fixtures = await mkdtemp(join(tmpdir(), "damaged-fixtures-"));
  // Faststart: the index sits before the media, so the cut-off file still probes as the full 20 s.
  whole = await makeTestVideo(fixtures, { seconds: SOURCE_SECONDS, width: 640, height: 360 });
});

afterEach(async () => {
  await Promise.all(
    workers.splice(0).map(async (w) => {
      await w.worker.stop();
      await rm(w.tmpDir, { recursive: true, force: true });
    }),
  );
});

afterAll(async () => {
  await probe?.close();
  await link?.close();
  s3?.destroy();
  await nats?.destroy();
  await rm(fixtures, { recursive: true, force: true });
});

async function startWorker() {
  const tmpDir = await mkdtemp(join(tmpdir(), "damaged-work-"));
  const worker = startEncoderWorker({
    nats: link.nc,
    s3,
    bucket: storage.S3_BUCKET,
    log,
    concurrency: 1,
    consumer: { ackWaitMs: ACK_WAIT_MS, maxDeliver: 5, maxAckPending: 64 },
    heartbeatMs: 750,
    tmpDir,
    stopGraceMs: 30_000,
    retryDelaysMs: [500, 1_000],
    progressIntervalMs: 250,
  });
  workers.push({ worker, tmpDir });
  await worker.ready;
  return { tmpDir };
}

/** The first half of the file, as an upload that lost its connection half way leaves it. */
async function truncated(): Promise<string> {
  const path = join(fixtures, "truncated.mp4");
  const bytes = await readFile(whole);
  await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
  return path;
}

/** The whole file with its middle half overwritten by noise: the index intact, the media unreadable. */
async function damagedInTheMiddle(): Promise<string> {
  const path = join(fixtures, "damaged.mp4");
  await writeFile(path, await readFile(whole));
  const { size } = await stat(path);
  const file = await open(path, "r+");
  await file.write(randomBytes(Math.floor(size / 2)), 0, Math.floor(size / 2), Math.floor(size / 4));
  await file.close();
  return path;
}

/** Waits for the video's first encoded or failed event, whichever the worker decides on. */
async function untilSettled(videoId: string): Promise<void> {
  const deadline = Date.now() + ENCODE_TIMEOUT_MS;
  while (!(await probe.eventsFor(videoId)).some((e) => e.type === "encoded" || e.type === "failed")) {
    if (Date.now() > deadline) throw new Error(`no encoded or failed event for ${videoId} after ${ENCODE_TIMEOUT_MS} ms`);
    await sleep(200);
  }
}

/** Runs one upload of `source` through a worker and returns its events once the job is settled. */
async function encodeOnce(source: string) {
  const { tmpDir } = await startWorker();
  const videoId = newVideoId();
  const { seq } = await probe.publishJob(await uploadSource(s3, storage.S3_BUCKET, videoId, source));
  await untilSettled(videoId);
  // Past ack_wait: a job that was naked rather than terminated would have started again by now.
  await sleep(ACK_WAIT_MS + 1_500);
  const events = await probe.eventsFor(videoId);
  return { videoId, seq, tmpDir, events };
}

describe("an upload whose media ends early or is damaged", () => {
  it(
    "fails a faststart MP4 cut in half: a reason naming how much could be decoded, no retry, no revision left",
    async () => {
      const { videoId, seq, tmpDir, events } = await encodeOnce(await truncated());

      expect(events.filter((e) => e.type === "encoded")).toEqual([]);
      const failed = events.filter((e) => e.type === "failed").map((e) => e.body);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ video_id: videoId, code: "bad_media" });
      expect(failed[0]?.reason).toMatch(
        new RegExp(`^The upload is incomplete or damaged: only \\d+(\\.\\d)? s of ${SOURCE_SECONDS} s could be decoded\\.$`),
      );
      expect(
        logs
          .about(videoId)
          .filter((l) => l.message === "job started")
          .map((l) => l.attempt),
      ).toEqual([1]);
      expect(await probe.jobStillStored(seq)).toBe(false);
      // The half video the live publisher stored while ffmpeg ran is gone: nothing under videos/<id>/.
      expect(await outputsOf(s3, storage.S3_BUCKET, videoId)).toEqual([]);
      expect(await leftovers(tmpDir)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "fails a source whose middle is unreadable as damaged, on the first delivery",
    async () => {
      const { videoId, seq, events } = await encodeOnce(await damagedInTheMiddle());

      expect(events.filter((e) => e.type === "encoded")).toEqual([]);
      const failed = events.filter((e) => e.type === "failed").map((e) => e.body);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ video_id: videoId, code: "bad_media" });
      expect(failed[0]?.reason).toMatch(/^The upload is (incomplete or )?damaged/);
      expect(
        logs
          .about(videoId)
          .filter((l) => l.message === "job started")
          .map((l) => l.attempt),
      ).toEqual([1]);
      expect(await probe.jobStillStored(seq)).toBe(false);
      expect(await outputsOf(s3, storage.S3_BUCKET, videoId)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
