import { mkdir } from "node:fs/promises";
import { runService } from "../../shared/node/run-service.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { startDownloader } from "../downloads/downloader.js";
import { parseEncoderConfig } from "./config.js";
import { startEncoderWorker } from "./worker.js";

// After the jobs' grace: handing back, closing NATS and the metrics server take seconds at most.
const CLOSE_DEADLINE_MS = 10_000;

runService({
  name: "encoder",
  parseConfig: parseEncoderConfig,
  stopDeadlineMs: (config) => config.ENCODER_STOP_GRACE_MS + CLOSE_DEADLINE_MS,
  start: async ({ config, nats, log, registry }) => {
    // Every job's work directory goes under it; a missing one would fail every job as transient.
    await mkdir(config.ENCODER_TMP_DIR, { recursive: true });
    const s3 = createS3Client(config);
    const worker = startEncoderWorker({
      nats: nats.nc,
      s3,
      bucket: config.S3_BUCKET,
      log,
      concurrency: config.ENCODER_CONCURRENCY,
      consumer: {
        ackWaitMs: config.ENCODER_ACK_WAIT_MS,
        maxDeliver: config.ENCODER_MAX_DELIVER,
        maxAckPending: config.ENCODER_MAX_ACK_PENDING,
      },
      heartbeatMs: config.ENCODER_HEARTBEAT_MS,
      tmpDir: config.ENCODER_TMP_DIR,
      stopGraceMs: config.ENCODER_STOP_GRACE_MS,
      utcTimingUrl: config.ENCODER_UTC_TIMING_URL,
      ladder: { mode: config.ENCODER_LADDER, av1: config.ENCODER_AV1 },
      registry,
    });
    // Remuxes for downloads run in the same pool: it has ffmpeg and reads the segments already.
    const downloader = startDownloader({ nats: nats.nc, s3, bucket: config.S3_BUCKET, tmpDir: config.ENCODER_TMP_DIR, log, registry });
    // Jobs finish or are handed back in stop(), while NATS is still up to hear the nak.
    return {
      stop: async () => {
        await Promise.all([worker.stop(), downloader.stop()]);
      },
      readiness: () => ({ consumer: worker.isReady(), downloads: downloader.checks().consuming }),
    };
  },
});
