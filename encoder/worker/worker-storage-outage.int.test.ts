import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../shared/logger.js";
import { connectNats, type NatsLink } from "../../shared/node/index.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
// A test may start a private S3 with the local stack's helper; encoder code never imports origin.
import { startLocalS3, storageConfigFor, type RunningS3 } from "../../local/s3/index.js";
import { createPrivateNats, type PrivateNats } from "../../local/testing/private-nats.js";
import { startEncoderWorker } from "./index.js";
import { LogCapture, NatsProbe, leftovers, newVideoId, outputsOf, uploadSource } from "./testing/harness.js";
import { makeTestVideo } from "./testing/media-fixtures.js";

const RETRY_DELAYS_MS = [1_000, 2_000];
const OUTAGE_MS = 4_000;
const ENCODE_TIMEOUT_MS = 60_000;

const quiet = { info: () => undefined, warn: () => undefined };
let nats: PrivateNats;
let link: NatsLink;
let probe: NatsProbe;
let s3Dir: string;
let s3Server: RunningS3 | undefined;
const logs = new LogCapture();
const log = createLogger("encoder-outage-test", { level: "info", write: logs.write });

const startS3 = (port = 0) => startLocalS3({ port, dataDir: s3Dir, bucket: "outage", corsOrigins: ["http://app.test"], log: quiet });

beforeAll(async () => {
  nats = await createPrivateNats();
  await nats.start();
  [link, probe] = await Promise.all([connectNats({ servers: [nats.url], name: "encoder-outage-test", log }), NatsProbe.connect(nats.url)]);
  s3Dir = await mkdtemp(join(tmpdir(), "encoder-outage-"));
  s3Server = await startS3();
});

afterAll(async () => {
  await probe?.close();
  await link?.close();
  await s3Server?.stop();
  await nats?.destroy();
  await rm(s3Dir, { recursive: true, force: true });
});

describe("encoder worker during a storage outage", () => {
  it("naks with backoff while storage is down and completes once it is back", async () => {
    const running = s3Server;
    if (!running) throw new Error("no S3");
    const config = storageConfigFor(running);
    const s3 = createS3Client(config);
    const videoId = newVideoId();
    const job = await uploadSource(s3, config.S3_BUCKET, videoId, await makeTestVideo(s3Dir, { seconds: 2, width: 320, height: 240 }));
    const port = Number(new URL(running.endpoint).port);
    await running.stop();
    s3Server = undefined;

    const tmpDir = join(s3Dir, "work");
    await mkdir(tmpDir);
    const registry = new Registry();
    const worker = startEncoderWorker({
      nats: link.nc,
      s3,
      bucket: config.S3_BUCKET,
      log,
      concurrency: 1,
      consumer: { ackWaitMs: 6_000, maxDeliver: 10, maxAckPending: 64 },
      heartbeatMs: 1_500,
      tmpDir,
      stopGraceMs: 10_000,
      registry,
      retryDelaysMs: RETRY_DELAYS_MS,
    });
    try {
      await worker.ready;
      const outageStarted = Date.now();
      await probe.publishJob(job);
      while (!logs.about(videoId).some((l) => l.message === "job failed, will retry")) {
        if (Date.now() - outageStarted > ENCODE_TIMEOUT_MS) throw new Error("the job never failed");
        await sleep(100);
      }
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)));
      s3Server = await startS3(port);

      const events = await probe.waitForEvent(videoId, "encoded", ENCODE_TIMEOUT_MS);
      expect(events.filter((e) => e.type === "encoded")).toHaveLength(1);
      const failures = logs.about(videoId).filter((l) => l.message === "job failed, will retry");
      expect(failures.length).toBeGreaterThanOrEqual(1);
      // The first thing a delivery asks storage is whether an earlier attempt already finished.
      expect(failures[0]).toMatchObject({ stage: "adopt", attempt: 1 });
      const attempts = logs
        .about(videoId)
        .filter((l) => l.message === "job started")
        .map((l) => l.attempt);
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
