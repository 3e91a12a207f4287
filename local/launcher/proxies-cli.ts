import { startNeonProxy } from "../neon-proxy/index.js";
import { startUpstashProxy } from "../upstash-proxy/index.js";
import { latencyFromEnv } from "../http/simulated-latency.js";

/**
 * The Neon and Upstash protocol proxies as one process, for compose users whose Postgres and Redis
 * run in containers; serves until SIGTERM. (compose's `migrate` service, the production image's
 * migrate.mjs, gives the database its schema.)
 */
const need = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const databaseUrl = need("DATABASE_URL");
const pg = new URL(databaseUrl);
const host = process.env.PROXY_HOST ?? "127.0.0.1";
const neon = await startNeonProxy({
  host,
  port: Number(process.env.NEON_PROXY_PORT ?? 4444),
  allowedAddresses: [`${pg.hostname}:${pg.port || 5432}`],
  latencyMs: latencyFromEnv(process.env, "LOCAL_NEON_LATENCY_MS"),
});
const upstash = await startUpstashProxy({
  host,
  port: Number(process.env.UPSTASH_PROXY_PORT ?? 8079),
  redisUrl: need("REDIS_URL"),
  token: need("UPSTASH_REDIS_REST_TOKEN"),
  latencyMs: latencyFromEnv(process.env, "LOCAL_UPSTASH_LATENCY_MS"),
});
console.log(JSON.stringify({ level: "info", service: "local-proxies", message: "listening", neon: neon.port, upstash: upstash.port }));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void Promise.all([neon.close(), upstash.close()]).then(() => process.exit(0)));
}
