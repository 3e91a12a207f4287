export { startLocalS3 } from "./local-s3.js";
export { storageConfigFor } from "./storage-config-for.js";
export type { LocalS3Options, RunningS3 } from "./types.js";
