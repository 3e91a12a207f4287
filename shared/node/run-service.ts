import { hostname } from "node:os";
import { collectDefaultMetrics, Registry } from "prom-client";
import { ConfigError } from "../config/parse-config.js";
import { createLogger, type Logger } from "../logger.js";
import { declareStreams } from "./declare-streams.js";
import { startMetricsServer, type HealthChecks } from "./metrics-server.js";
import { connectNats, type NatsLink } from "./nats-connection.js";
import type { BaseServiceConfig } from "./service-config.js";
import { onStopSignal } from "./signals.js";
import { startTelemetry } from "./telemetry.js";

// Past this, shutdown gives up on a clean stop: what a service had not settled is redelivered or retried.
const DEFAULT_STOP_DEADLINE_MS = 20_000;

type NatsConfig = Pick<BaseServiceConfig, "NATS_URL" | "JETSTREAM_REPLICAS">;
/** What runService needs of a service's config; with NATS_URL and JETSTREAM_REPLICAS it connects to NATS. */
export type ServiceConfig = Omit<BaseServiceConfig, keyof NatsConfig>;

export type ServiceContext<C extends ServiceConfig> = {
  config: C;
  log: Logger;
  /** Served on /metrics, with the process' default metrics: register the service's own here. */
  registry: Registry;
  /** Aborts once a stop signal came: start-up work that waits or retries gives up on it. */
  signal: AbortSignal;
} & (C extends NatsConfig ? { nats: NatsLink } : unknown);

export interface RunningService {
  /** Settles the work in hand; NATS and the metrics server are still up while it runs. */
  stop(): Promise<void>;
  /** Liveness (`/healthz`), beside the NATS connection's, which runService checks itself. */
  checks?: HealthChecks;
  /** Readiness (`/readyz`); the liveness checks when omitted. */
  readiness?: HealthChecks;
}

export interface ServiceDefinition<C extends ServiceConfig> {
  /** Names the logger, the NATS connection and the traces (unless OTEL_SERVICE_NAME says otherwise). */
  name: string;
  /** Throws a ConfigError naming every problem. */
  parseConfig: (env: Record<string, unknown>) => C;
  /** How long a clean stop may take; 20 s when omitted. */
  stopDeadlineMs?: (config: C) => number;
  /** Runs once NATS is connected and the streams are declared (for a service with NATS_URL). */
  start: (ctx: ServiceContext<C>) => RunningService | Promise<RunningService>;
}

/**
 * Runs one process: parses its config (a ConfigError is printed, exit 1), then logging, tracing, the
 * metrics and health server, NATS and the streams, and the service itself. On SIGTERM or SIGINT it stops
 * the service first, then closes NATS, flushes traces and closes the metrics server, and exits 0; a stop
 * that fails or outlives its deadline is logged and exits 1, as does a failed start.
 */
export function runService<C extends ServiceConfig>(service: ServiceDefinition<C>): void {
  let config: C;
  try {
    config = service.parseConfig(process.env);
  } catch (err) {
    // A ConfigError lists every problem itself, and LOG_LEVEL may be among them.
    if (err instanceof ConfigError) console.error(err.message);
    else createLogger(service.name).error(`${service.name} failed to start`, { err });
    process.exit(1);
  }
  const log = createLogger(service.name, { level: config.LOG_LEVEL });
  run(service, config, log).catch((err: unknown) => {
    log.error(`${service.name} failed to start`, { err });
    process.exit(1);
  });
}

async function run<C extends ServiceConfig>(service: ServiceDefinition<C>, config: C, log: Logger): Promise<void> {
  const telemetry = startTelemetry(service.name, config, log);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const stopping = new AbortController();
  let link: NatsLink | undefined;
  let starting: Promise<RunningService> | undefined;
  let running: RunningService | undefined;

  const natsCheck = (): Record<string, boolean> => (hasNats(config) ? { nats: link?.isConnected() ?? false } : {});
  const metricsServer = await startMetricsServer({
    port: config.METRICS_PORT,
    registry,
    log,
    checks: async () => ({ ...natsCheck(), ...(await running?.checks?.()) }),
    readiness: async () => ({
      ...natsCheck(),
      started: running !== undefined,
      accepting: !stopping.signal.aborted,
      ...(await (running?.readiness ?? running?.checks)?.()),
    }),
  });
  log.info("metrics listening", { port: metricsServer.port });

  const deadlineMs = service.stopDeadlineMs?.(config) ?? DEFAULT_STOP_DEADLINE_MS;
  onStopSignal(async () => {
    stopping.abort();
    // Kept referenced: a stop that hangs on nothing the event loop waits for must still end here.
    setTimeout(() => {
      log.error("clean stop took too long, exiting", { deadlineMs });
      process.exit(1);
    }, deadlineMs);
    // The service first, while NATS and the metrics endpoint are still up; a start in flight finishes first.
    const started = await starting?.catch(() => undefined);
    let code = 0;
    try {
      await started?.stop();
    } catch (err) {
      // Closing NATS and flushing traces still matter, and may tell what went wrong.
      log.error(`${service.name} stop failed`, { err });
      code = 1;
    }
    await link?.close();
    await telemetry.shutdown();
    await metricsServer.close();
    process.exit(code);
  }, log);

  if (hasNats(config)) {
    link = await connectNats({ servers: config.NATS_URL, name: `vod-${service.name}@${hostname()}`, log });
    await declareStreams(link, config.JETSTREAM_REPLICAS, log, stopping.signal);
  }
  if (stopping.signal.aborted) return;
  // The conditional type cannot be narrowed inside this generic function; hasNats decided what link holds.
  const ctx = { config, log, registry, signal: stopping.signal, ...(link && { nats: link }) } as ServiceContext<C>;
  starting = Promise.resolve().then(() => service.start(ctx));
  running = await starting;
}

function hasNats(config: ServiceConfig): config is ServiceConfig & NatsConfig {
  return "NATS_URL" in config;
}
