import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { jetstreamManager } from "@nats-io/jetstream";
import { collectDefaultMetrics, Registry } from "prom-client";
import { ConfigError } from "../../shared/config/parse-config.js";
import { createLogger, type Logger } from "../../shared/logger.js";
import { connectNats, ensureStreams, onStopSignal, startMetricsServer, type NatsLink } from "../../shared/node/index.js";
import { doublingBackoff, retryDelayMs } from "../../shared/node/backoff.js";
import { startTelemetry } from "../../shared/node/telemetry.js";
import { parseRelayConfig } from "./config.js";
import { startRelay, type RunningRelay } from "./relay.js";

// Past this, shutdown gives up on a clean stop; the outbox keeps whatever was not marked.
const STOP_DEADLINE_MS = 20_000;
const STREAMS_RETRY = doublingBackoff(500, 10_000);

async function main(): Promise<void> {
  const config = parseRelayConfig(process.env);
  const log = createLogger("relay", { level: config.LOG_LEVEL });
  const telemetry = startTelemetry("relay", process.env, log);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  let link: NatsLink | undefined;
  let relay: RunningRelay | undefined;
  const shutdown = new AbortController();
  const metricsServer = await startMetricsServer({
    port: config.METRICS_PORT,
    registry,
    log,
    checks: () => ({ nats: link?.isConnected() ?? false, ...(relay?.checks() ?? { database: false, listening: false }) }),
  });
  log.info("metrics listening", { port: metricsServer.port });

  onStopSignal(async () => {
    shutdown.abort();
    setTimeout(() => {
      log.error("clean stop took too long, exiting", { deadlineMs: STOP_DEADLINE_MS });
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    // Relay first: it finishes its batch while NATS and the metrics endpoint are still up.
    await relay?.stop();
    await link?.close();
    await telemetry.shutdown();
    await metricsServer.close();
    process.exit(0);
  }, log);

  link = await connectNats({ servers: config.NATS_URL, name: `vod-relay@${hostname()}`, log });
  await declareStreams(link, log, shutdown.signal);
  if (shutdown.signal.aborted) return;
  relay = startRelay({
    databaseUrl: config.DATABASE_URL,
    nats: link.nc,
    log,
    batchSize: config.RELAY_BATCH_SIZE,
    pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
    registry,
  });
}

/** Retries until the streams exist: publishing before they do would only fill rows with errors. */
async function declareStreams(link: NatsLink, log: Logger, signal: AbortSignal): Promise<void> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      const outcomes = await ensureStreams(await jetstreamManager(link.nc));
      log.info("streams ready", { outcomes });
      return;
    } catch (err) {
      const delayMs = retryDelayMs(attempt, STREAMS_RETRY);
      log.warn("could not declare streams, retrying", { err, delayMs });
      await sleep(delayMs, undefined, { signal }).catch(() => undefined);
    }
  }
}

main().catch((err: unknown) => {
  // A ConfigError lists every problem itself, and LOG_LEVEL may be among them.
  if (err instanceof ConfigError) console.error(err.message);
  else createLogger("relay").error("relay failed to start", { err });
  process.exit(1);
});
