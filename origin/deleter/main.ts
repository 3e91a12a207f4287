import { hostname } from "node:os";
import { collectDefaultMetrics, Registry } from "prom-client";
import { ConfigError } from "../../shared/config/parse-config.js";
import { createLogger } from "../../shared/logger.js";
import { connectNats, onStopSignal, startMetricsServer, type NatsLink } from "../../shared/node/index.js";
import { startTelemetry } from "../../shared/node/telemetry.js";
import { parseDeleterConfig } from "./config.js";
import { startVideoDeleter, type RunningVideoDeleter } from "./deleter.js";

const STOP_DEADLINE_MS = 20_000;

async function main(): Promise<void> {
  const config = parseDeleterConfig(process.env);
  const log = createLogger("deleter", { level: config.LOG_LEVEL });
  const telemetry = startTelemetry("deleter", process.env, log);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  let link: NatsLink | undefined;
  let deleter: RunningVideoDeleter | undefined;
  let stopping = false;
  const metricsServer = await startMetricsServer({
    port: config.METRICS_PORT,
    registry,
    log,
    checks: () => ({ nats: link?.isConnected() ?? false, consuming: deleter?.checks().consuming ?? false }),
  });

  onStopSignal(async () => {
    stopping = true;
    setTimeout(() => process.exit(1), STOP_DEADLINE_MS).unref();
    await deleter?.stop();
    await link?.close();
    await telemetry.shutdown();
    await metricsServer.close();
    process.exit(0);
  }, log);

  link = await connectNats({ servers: config.NATS_URL, name: `vod-deleter@${hostname()}`, log });
  if (stopping) return;
  deleter = startVideoDeleter({ nats: link.nc, storage: config, log, registry });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else createLogger("deleter").error("deleter failed to start", { err });
  process.exit(1);
});
