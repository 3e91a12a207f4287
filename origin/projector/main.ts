import { hostname } from "node:os";
import { collectDefaultMetrics, Registry } from "prom-client";
import { ConfigError } from "../../shared/config/parse-config.js";
import { createLogger } from "../../shared/logger.js";
import { connectNats, onStopSignal, startMetricsServer, type NatsLink } from "../../shared/node/index.js";
import { startTelemetry } from "../../shared/node/telemetry.js";
import { parseCatalogConfig } from "./config.js";
import { startCatalogProjector, type RunningCatalogProjector } from "./projector.js";

// Past this, shutdown gives up on a clean stop; unacknowledged events are redelivered to another projector.
const STOP_DEADLINE_MS = 20_000;

async function main(): Promise<void> {
  const config = parseCatalogConfig(process.env);
  const log = createLogger("catalog", { level: config.LOG_LEVEL });
  const telemetry = startTelemetry("catalog", process.env, log);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  let link: NatsLink | undefined;
  let projector: RunningCatalogProjector | undefined;
  let stopping = false;
  const consuming = () => ({ nats: link?.isConnected() ?? false, consuming: projector?.checks().consuming ?? false });
  const metricsServer = await startMetricsServer({
    port: config.METRICS_PORT,
    registry,
    log,
    // A database outage is not fixed by a restart: it only takes the projector out of readiness.
    checks: consuming,
    readiness: () => ({ ...consuming(), database: projector?.checks().database ?? false }),
  });
  log.info("metrics listening", { port: metricsServer.port });

  onStopSignal(async () => {
    stopping = true;
    setTimeout(() => {
      log.error("clean stop took too long, exiting", { deadlineMs: STOP_DEADLINE_MS });
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    // Projector first: it settles the event in hand while NATS is still up.
    await projector?.stop();
    await link?.close();
    await telemetry.shutdown();
    await metricsServer.close();
    process.exit(0);
  }, log);

  link = await connectNats({ servers: config.NATS_URL, name: `vod-catalog@${hostname()}`, log });
  if (stopping) return;
  projector = startCatalogProjector({ databaseUrl: config.DATABASE_URL, nats: link.nc, log, registry });
}

main().catch((err: unknown) => {
  // A ConfigError lists every problem itself, and LOG_LEVEL may be among them.
  if (err instanceof ConfigError) console.error(err.message);
  else createLogger("catalog").error("catalog projector failed to start", { err });
  process.exit(1);
});
