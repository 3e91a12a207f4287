import type { Redis } from "@upstash/redis";
import type { NeonHttpDatabase } from "drizzle-orm/neon-http";
import type { EdgeConfig } from "../../shared/config/index.js";
import type * as schema from "../../shared/db/schema.js";
import type { Logger } from "../../shared/logger.js";
import type { KeyRing } from "./key-ring.js";
import type { ObjectStorage } from "./object-storage.js";
import type { ResponseCache } from "./response-cache.js";
import type { EdgeTracing } from "./tracing.js";

export type Db = NeonHttpDatabase<typeof schema>;

/**
 * Everything a handler needs from the outside world, built by the runtime entry so that
 * workerd, Node, Bun, Deno and the tests all hand in real services the same way.
 */
export interface EdgePorts {
  config: EdgeConfig;
  db: Db;
  redis: Redis;
  keys: KeyRing;
  storage: ObjectStorage;
  /** Null where the runtime has no shared cache. */
  cache: ResponseCache | null;
  clock: () => Date;
  log: Logger;
  tracing: EdgeTracing;
}
