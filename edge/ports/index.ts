export type { Db, EdgePorts } from "./edge-ports.js";
export type { KeyRing } from "./key-ring.js";
export { StorageError, type ObjectStorage, type StoredObject } from "./object-storage.js";
export { readThrough, type CacheOutcome, type CachePolicy, type CacheRead } from "./read-through.js";
export type { CachedEntry, ResponseCache } from "./response-cache.js";
export type { EdgeTracing } from "./tracing.js";
export { changesNothing, holdWrites, readHandle } from "./held-writes.js";
