import { startNeonProxy } from "../../local/neon-proxy/index.js";
import { startUpstashProxy } from "../../local/upstash-proxy/index.js";

export interface Distance {
  neonMs: number;
  upstashMs: number;
}

/**
 * A second Neon and Upstash proxy in front of the stack's Postgres and Redis, answering each request
 * `distance` late; the environment for an edge that should see them far away, and how to stop them.
 */
export async function farProxies(
  stackEnv: Record<string, string>,
  distance: Distance,
): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const pg = new URL(stackEnv.DATABASE_URL!);
  const neon = await startNeonProxy({ port: 0, allowedAddresses: [`${pg.hostname}:${pg.port || 5432}`], latencyMs: distance.neonMs });
  const upstash = await startUpstashProxy({
    port: 0,
    redisUrl: stackEnv.REDIS_URL!,
    token: stackEnv.UPSTASH_REDIS_REST_TOKEN!,
    latencyMs: distance.upstashMs,
  }).catch(async (error: unknown) => {
    await neon.close();
    throw error;
  });
  return {
    env: { NEON_HTTP_ENDPOINT: `${neon.url}/sql`, UPSTASH_REDIS_REST_URL: upstash.url },
    stop: async () => {
      await Promise.all([neon.close(), upstash.close()]);
    },
  };
}
