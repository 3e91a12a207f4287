import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Client } from "../../shared/storage/s3-client.js";
// A test may start a private S3 with the local stack's helper; encoder code never imports origin.
import { startLocalS3, storageConfigFor, type RunningS3 } from "../../local/s3/index.js";
import { startEncoderWorker } from "./index.js";
import { leftovers, newVideoId, outputsOf, uploadSource, useTestBed, workerOptions } from "./testing/harness.js";
import { makeTestVideo } from "./testing/media-fixtures.js";

const RETRY_DELAYS_MS = [1_000, 2_000];
const OUTAGE_MS = 4_000;
const ENCODE_TIMEOUT_MS = 60_000;

const quiet = { info: () => undefined, warn: () => undefined };
const bed = useTestBed({ name: "encoder-outage-test", logLevel: "info" });
let s3Server: RunningS3 | undefined;

const startS3 = (port = 0) => startLocalS3({ port, dataDir: bed.scratch, bucket: "outage", corsOrigins: ["http://app.test"], log: quiet });

beforeAll(async () => {
  s3Server = await startS3();
});

// Runs before the bed's afterAll (hooks run in reverse), so the server is down before its folder goes.
afterAll(async () => {
  await s3Server?.stop();
});

describe("encoder worker during a storage outage", () => {
  it("naks with backoff while storage is down and completes once it is back", async () => {
    const running = s3Server;
    if (!running) throw new Error("no S3");
    const config = storageConfigFor(running);
    const s3 = createS3Client(config);
    const videoId = newVideoId();
    const job = await uploadSource(
      s3,
      config.S3_BUCKET,
      videoId,
      await makeTestVideo(bed.scratch, { seconds: 2, width: 320, height: 240 }),
    );
    const port = Number(new URL(running.endpoint).port);
    await running.stop();
    s3Server = undefined;

    const tmpDir = join(bed.scratch, "work");
    await mkdir(tmpDir);
    const registry = new Registry();
    const worker = startEncoderWorker(
      workerOptions(bed, tmpDir, {
        s3,
        bucket: config.S3_BUCKET,
        consumer: { ackWaitMs: 6_000, maxDeliver: 10, maxAckPending: 64 },
        heartbeatMs: 1_500,
        stopGraceMs: 10_000,
        registry,
        retryDelaysMs: RETRY_DELAYS_MS,
        progressIntervalMs: undefined,
      }),
    );
    try {
      await worker.ready;
      const outageStarted = Date.now();
      await bed.probe.publishJob(job);
      while (!bed.logs.about(videoId).some((l) => l.message === "job failed, will retry")) {
        if (Date.now() - outageStarted > ENCODE_TIMEOUT_MS) throw new Error("the job never failed");
        await sleep(100);
      }
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)));
      s3Server = await startS3(port);

      const events = await bed.probe.waitForEvent(videoId, "encoded", ENCODE_TIMEOUT_MS);
      expect(events.filter((e) => e.type === "encoded")).toHaveLength(1);
      const failures = bed.logs.about(videoId).filter((l) => l.message === "job failed, will retry");
      expect(failures.length).toBeGreaterThanOrEqual(1);
      // The first thing a delivery asks storage is whether an earlier attempt already finished.
      expect(failures[0]).toMatchObject({ stage: "adopt", attempt: 1 });
      const attempts = bed.logs.attempts(videoId);
      expect(attempts).toEqual(attempts.map((_, i) => i + 1));
      expect((await outputsOf(s3, config.S3_BUCKET, videoId)).length).toBeGreaterThan(0);
      expect(await leftovers(tmpDir)).toEqual([]);
      console.info(
        `[timing] storage outage: ${attempts.length} deliveries, encoded ${Date.now() - outageStarted} ms after the job was published`,
      );
    } finally {
      await worker.stop();
      s3.destroy();
    }
  });
});
