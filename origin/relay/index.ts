export { startRelay, type RelayOptions, type RunningRelay } from "./relay.js";
export { relayConfigSchema, parseRelayConfig, type RelayConfig } from "./config.js";
export { createRelayMetrics, type RelayMetrics } from "./metrics.js";
