export { startVideoDeleter, type RunningVideoDeleter, type VideoDeleterOptions } from "./deleter.js";
export { parseDeleterConfig, deleterConfigSchema, type DeleterConfig } from "./config.js";
export { removePrefix } from "./remove-prefix.js";
