import { mkdtemp, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEncoderWorker, type RunningEncoderWorker } from "./index.js";
import { leftovers, newVideoId, outputsOf, uploadSource, useTestBed, workerOptions, type VideoEvent } from "./testing/harness.js";
import { makeTestVideo } from "./testing/media-fixtures.js";

const ACK_WAIT_MS = 3_000;
const ENCODE_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 90_000;
const SOURCE_SECONDS = 20;

const bed = useTestBed({ name: "damaged-source-test" });
let whole: string;
const workers: { worker: RunningEncoderWorker; tmpDir: string }[] = [];

beforeAll(async () => {
  // Faststart: the index sits before the media, so the cut-off file still probes as the full 20 s.
  whole = await makeTestVideo(bed.scratch, { seconds: SOURCE_SECONDS, width: 640, height: 360 });
});

afterEach(async () => {
  await Promise.all(
    workers.splice(0).map(async (w) => {
      await w.worker.stop();
      await rm(w.tmpDir, { recursive: true, force: true });
    }),
  );
});

async function startWorker() {
  const tmpDir = await mkdtemp(join(bed.scratch, "work-"));
  const worker = startEncoderWorker(workerOptions(bed, tmpDir, { consumer: { ackWaitMs: ACK_WAIT_MS, maxDeliver: 5, maxAckPending: 64 } }));
  workers.push({ worker, tmpDir });
  await worker.ready;
  return { tmpDir };
}

/** The first half of the file, as an upload that lost its connection half way leaves it. */
async function truncated(): Promise<string> {
  const path = join(bed.scratch, "truncated.mp4");
  const bytes = await readFile(whole);
  await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
  return path;
}

/** The whole file with its middle half overwritten by noise: the index intact, the media unreadable. */
async function damagedInTheMiddle(): Promise<string> {
  const path = join(bed.scratch, "damaged.mp4");
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
  while (!(await bed.probe.eventsFor(videoId)).some((e) => e.type === "encoded" || e.type === "failed")) {
    if (Date.now() > deadline) throw new Error(`no encoded or failed event for ${videoId} after ${ENCODE_TIMEOUT_MS} ms`);
    await sleep(200);
  }
}

/** Runs one upload of `source` through a worker and returns its events once the job is settled. */
async function encodeOnce(source: string) {
  const { tmpDir } = await startWorker();
  const videoId = newVideoId();
  const { seq } = await bed.probe.publishJob(await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, source));
  await untilSettled(videoId);
  // Past ack_wait: a job that was naked rather than terminated would have started again by now.
  await sleep(ACK_WAIT_MS + 1_500);
  const events = await bed.probe.eventsFor(videoId);
  return { videoId, seq, tmpDir, events };
}

/** One failed event with code bad_media and a `reason` like the one given, no encoded event, one delivery, the job gone. */
async function expectFailedOnceAsBadMedia(
  { videoId, seq, events }: { videoId: string; seq: number; events: VideoEvent[] },
  reason: RegExp,
): Promise<void> {
  expect(events.filter((e) => e.type === "encoded")).toEqual([]);
  const failed = events.filter((e) => e.type === "failed").map((e) => e.body);
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({ video_id: videoId, code: "bad_media" });
  expect(failed[0]?.reason).toMatch(reason);
  expect(bed.logs.attempts(videoId)).toEqual([1]);
  expect(await bed.probe.jobStillStored(seq)).toBe(false);
}

describe("an upload whose media ends early or is damaged", () => {
  it(
    "fails a faststart MP4 cut in half: a reason naming how much could be decoded, no retry, no revision left",
    async () => {
      const run = await encodeOnce(await truncated());
      await expectFailedOnceAsBadMedia(
        run,
        new RegExp(`^The upload is incomplete or damaged: only \\d+(\\.\\d)? s of ${SOURCE_SECONDS} s could be decoded\\.$`),
      );
      // The half video the live publisher stored while ffmpeg ran is gone: nothing under videos/<id>/.
      expect(await outputsOf(bed.s3, bed.storage.S3_BUCKET, run.videoId)).toEqual([]);
      expect(await leftovers(run.tmpDir)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "fails a source whose middle is unreadable as damaged, on the first delivery",
    async () => {
      const run = await encodeOnce(await damagedInTheMiddle());
      await expectFailedOnceAsBadMedia(run, /^The upload is (incomplete or )?damaged/);
      expect(await outputsOf(bed.s3, bed.storage.S3_BUCKET, run.videoId)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
