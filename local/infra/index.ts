export type { Log, ServiceHandle, ServiceOptions } from "./types.js";
export { ensurePostgres } from "./postgres.js";
export { ensureDatabase } from "./database.js";
export { ensureRedis } from "./redis.js";
export { ensureNats } from "./nats.js";
export { ensureFfmpeg } from "./ffmpeg.js";
export { ensureAptPackages, type AptRequirement } from "./apt.js";
