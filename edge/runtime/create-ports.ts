import { neon, neonConfig } from "@neondatabase/serverless";
import { Redis } from "@upstash/redis";
import { drizzle } from "drizzle-orm/neon-http";
import { parseEdgeConfig } from "../../shared/config/index.js";
import * as schema from "../../shared/db/schema.js";
import { createLogger } from "../../shared/logger.js";
import { createKeyRing } from "../auth/index.js";
import type { EdgePorts } from "../ports/index.js";
import { createEdgeTracing } from "../telemetry/index.js";
import { memoryCache } from "./memory-cache.js";
import { s3ObjectStorage } from "./s3-object-storage.js";

/**
 * Real ports from an environment: Worker bindings or a process env, of which the config schema reads what
 * it knows. The Neon HTTP driver and the Upstash REST client are fetch-based and stateless, so one set
 * serves every request of an isolate. The cache is the entry's (the Workers Cache API) when it hands one in,
 * else one bounded in-process LRU per ports (Node, Bun, Deno, tests).
 */
export async function createPorts(env: object, extras: Pick<Partial<EdgePorts>, "cache"> = {}): Promise<EdgePorts> {
  const config = parseEdgeConfig({ ...env });
  // Only the local Neon-protocol proxy needs this; production derives Neon's own endpoint.
  if (config.NEON_HTTP_ENDPOINT) neonConfig.fetchEndpoint = config.NEON_HTTP_ENDPOINT;
  const db = drizzle({ client: neon(config.DATABASE_URL), schema });
  const redis = new Redis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
    enableTelemetry: false,
    // Commands issued in the same tick go to Upstash as one pipeline, one round trip (the library's default, relied on).
    enableAutoPipelining: true,
    // One quick retry: auth decisions wait on Redis, and a dead Redis must become a fast 503.
    retry: { retries: 1, backoff: () => 50 },
  });
  return {
    config,
    db,
    redis,
    keys: await createKeyRing(config.JWT_PRIVATE_KEY, config.JWT_PUBLIC_KEYS),
    storage: s3ObjectStorage(config),
    cache:
      extras.cache !== undefined
        ? extras.cache
        : memoryCache({ maxEntries: config.CATALOG_CACHE_MAX_ENTRIES, maxBytes: config.CATALOG_CACHE_MAX_BYTES }),
    clock: () => new Date(),
    log: createLogger("edge", { level: config.LOG_LEVEL }),
    tracing: createEdgeTracing(config),
  };
}

/** Ports built once per environment object (a Worker isolate keeps the same `env`). */
export function portsPerEnv(extras: Pick<Partial<EdgePorts>, "cache"> = {}): (env: object) => Promise<EdgePorts> {
  const cache = new WeakMap<object, Promise<EdgePorts>>();
  return (env) => {
    let ports = cache.get(env);
    if (!ports) {
      ports = createPorts(env, extras);
      // A bad configuration is reported on every request rather than cached as a broken isolate.
      ports.catch(() => cache.delete(env));
      cache.set(env, ports);
    }
    return ports;
  };
}
