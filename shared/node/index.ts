export { connectNats, type NatsConnectOptions, type NatsLink } from "./nats-connection.js";
export { natsServersFromEnv } from "./nats-servers.js";
export { DESIRED_STREAMS, ensureStreams, type StreamOutcome } from "./streams.js";
export { startMetricsServer, type HealthChecks, type MetricsServerOptions, type RunningMetricsServer } from "./metrics-server.js";
export { onStopSignal } from "./signals.js";
export { DEFAULT_RETRY_BACKOFF, doublingBackoff, retryDelayMs, type BackoffPolicy } from "./backoff.js";
export { consumeDurable, type ConsumeDurableOptions, type RunningConsumer } from "./consume-durable.js";
export { ensureConsumer, type DurableSpec } from "./ensure-consumer.js";
