import { collectDefaultMetrics, Registry } from "prom-client";
import { ConfigError } from "../../shared/config/parse-config.js";
import { createLogger } from "../../shared/logger.js";
import { onStopSignal, startMetricsServer } from "../../shared/node/index.js";
import { startCdnEmulator, type RunningCdn } from "./cdn-emulator.js";
import { parseCdnConfig } from "./config.js";

// Past this, shutdown gives up on a clean stop: a player holding a long download must not block it.
const STOP_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  const config = parseCdnConfig(process.env);
  const log = createLogger("cdn", { level: config.LOG_LEVEL });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  let cdn: RunningCdn | undefined;
  const metricsServer = await startMetricsServer({ port: config.METRICS_PORT, registry, log, checks: () => ({ listening: cdn !== undefined }) });
  log.info("metrics listening", { port: metricsServer.port });

  onStopSignal(async () => {
    setTimeout(() => {
      log.error("clean stop took too long, exiting", { deadlineMs: STOP_DEADLINE_MS });
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    await cdn?.close();
    await metricsServer.close();
    process.exit(0);
  }, log);

  cdn = await startCdnEmulator({
    host: config.CDN_HOST,
    port: config.CDN_PORT,
    ...(config.CDN_PUBLIC_BASE_URL !== undefined && { publicBaseUrl: config.CDN_PUBLIC_BASE_URL }),
    storage: config,
    trustedKeys: config.CDN_TRUSTED_KEYS,
    corsOrigins: config.CDN_CORS_ORIGINS,
    log,
    registry,
  });
}

main().catch((err: unknown) => {
  // A ConfigError lists every problem itself, and LOG_LEVEL may be among them.
  if (err instanceof ConfigError) console.error(err.message);
  else createLogger("cdn").error("cdn emulator failed to start", { err });
  process.exit(1);
});
