export { ConfigError, parseConfig, intFromEnv, urlFromEnv, jsonFromEnv } from "./parse-config.js";
export { edgeConfigSchema, parseEdgeConfig, type EdgeConfig } from "./edge-config.js";
export { storageConfigSchema, storageConfigShape, type StorageConfig } from "./storage-config.js";
