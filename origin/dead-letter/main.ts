import { hostname } from "node:os";
import { collectDefaultMetrics, Registry } from "prom-client";
import { ConfigError } from "../../shared/config/parse-config.js";
import { createLogger } from "../../shared/logger.js";
import { connectNats, onStopSignal, startMetricsServer, type NatsLink } from "../../shared/node/index.js";
import { startTelemetry } from "../../shared/node/telemetry.js";
import { parseDeadLetterConfig } from "./config.js";
import { startDeadLetterHandler, type RunningDeadLetterHandler } from "./handler.js";

// Past this, shutdown gives up on a clean stop; an unacknowledged advisory is simply delivered again.
const STOP_DEADLINE_MS = 20_000;

async function main(): Promise<void> {
  const config = parseDeadLetterConfig(process.env);
  const log = createLogger("dead-letter", { level: config.LOG_LEVEL });
  const telemetry = startTelemetry("dead-letter", process.env, log);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  let link: NatsLink | undefined;
  let handler: RunningDeadLetterHandler | undefined;
  let stopping = false;
  const metricsServer = await startMetricsServer({
    port: config.METRICS_PORT,
    registry,
    log,
    checks: () => ({ nats: link?.isConnected() ?? false, ...(handler?.checks() ?? { consuming: false }) }),
  });
  log.info("metrics listening", { port: metricsServer.port });

  onStopSignal(async () => {
    stopping = true;
    setTimeout(() => {
      log.error("clean stop took too long, exiting", { deadlineMs: STOP_DEADLINE_MS });
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    // Handler first: it settles the advisory in hand while NATS is still up.
    await handler?.stop();
    await link?.close();
    await telemetry.shutdown();
    await metricsServer.close();
    process.exit(0);
  }, log);

  link = await connectNats({ servers: config.NATS_URL, name: `vod-dead-letter@${hostname()}`, log });
  if (stopping) return;
  handler = startDeadLetterHandler({ nats: link.nc, log, registry });
}

main().catch((err: unknown) => {
  // A ConfigError lists every problem itself, and LOG_LEVEL may be among them.
  if (err instanceof ConfigError) console.error(err.message);
  else createLogger("dead-letter").error("dead-letter handler failed to start", { err });
  process.exit(1);
});
