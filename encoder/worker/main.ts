import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { collectDefaultMetrics, Registry } from "prom-client";
import { ConfigError } from "../../shared/config/parse-config.js";
import { createLogger } from "../../shared/logger.js";
import { connectNats, onStopSignal, startMetricsServer, type NatsLink } from "../../shared/node/index.js";
import { startTelemetry } from "../../shared/node/telemetry.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { parseEncoderConfig } from "./config.js";
import { startEncoderWorker, type RunningEncoderWorker } from "./worker.js";

// After the jobs' grace: handing back, closing NATS and the metrics server take seconds at most.
const CLOSE_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  const config = parseEncoderConfig(process.env);
  const log = createLogger("encoder", { level: config.LOG_LEVEL });
  const telemetry = startTelemetry("encoder", process.env, log);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  let link: NatsLink | undefined;
  let worker: RunningEncoderWorker | undefined;
  let stopping = false;
  const metricsServer = await startMetricsServer({
    port: config.METRICS_PORT,
    registry,
    log,
    checks: () => ({ nats: link?.isConnected() ?? false }),
    readiness: () => ({ nats: link?.isConnected() ?? false, consumer: worker?.isReady() ?? false, accepting: !stopping }),
  });
  log.info("metrics listening", { port: metricsServer.port });

  onStopSignal(async () => {
    stopping = true;
    setTimeout(() => {
      log.error("clean stop took too long, exiting", { deadlineMs: config.ENCODER_STOP_GRACE_MS + CLOSE_DEADLINE_MS });
      process.exit(1);
    }, config.ENCODER_STOP_GRACE_MS + CLOSE_DEADLINE_MS).unref();
    // Jobs first: they finish or are handed back while NATS is still up to hear the nak.
    await worker?.stop();
    await link?.close();
    await telemetry.shutdown();
    await metricsServer.close();
    process.exit(0);
  }, log);

  // Every job's work directory goes under it; a missing one would fail every job as transient.
  await mkdir(config.ENCODER_TMP_DIR, { recursive: true });
  link = await connectNats({ servers: config.NATS_URL, name: `vod-encoder@${hostname()}`, log });
  if (stopping) return;
  worker = startEncoderWorker({
    nats: link.nc,
    s3: createS3Client(config),
    bucket: config.S3_BUCKET,
    log,
    concurrency: config.ENCODER_CONCURRENCY,
    consumer: { ackWaitMs: config.ENCODER_ACK_WAIT_MS, maxDeliver: config.ENCODER_MAX_DELIVER, maxAckPending: config.ENCODER_MAX_ACK_PENDING },
    heartbeatMs: config.ENCODER_HEARTBEAT_MS,
    tmpDir: config.ENCODER_TMP_DIR,
    stopGraceMs: config.ENCODER_STOP_GRACE_MS,
    utcTimingUrl: config.ENCODER_UTC_TIMING_URL,
    registry,
  });
}

main().catch((err: unknown) => {
  // A ConfigError lists every problem itself, and LOG_LEVEL may be among them.
  if (err instanceof ConfigError) console.error(err.message);
  else createLogger("encoder").error("encoder failed to start", { err });
  process.exit(1);
});
