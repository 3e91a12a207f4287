export { ConfigError, parseConfig, intFromEnv, urlFromEnv, jsonFromEnv, logLevelFromEnv } from "./parse-config.js";
export { edgeConfigSchema, parseEdgeConfig, type EdgeConfig } from "./edge-config.js";
export { storageConfigSchema, storageConfigShape, type StorageConfig } from "./storage-config.js";
export { telemetryConfigShape } from "./telemetry-config.js";
