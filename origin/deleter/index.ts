export { startVideoDeleter, type RunningVideoDeleter, type VideoDeleterOptions } from "./deleter.js";
export { parseDeleterConfig, deleterConfigSchema, type DeleterConfig } from "./config.js";
export { deleteKeys, removePrefix } from "./remove-prefix.js";
export { removeUnfinishedOutputs } from "./remove-outputs.js";
