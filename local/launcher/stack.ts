import { randomBytes } from "node:crypto";
import { startCdnEmulator } from "../cdn/index.js";
import { startNeonProxy } from "../neon-proxy/index.js";
import { startUpstashProxy } from "../upstash-proxy/index.js";
import { loadOrCreateCloudFrontKey, loadOrCreateSigningKey } from "./dev-keys.js";
import { freePort } from "./free-port.js";
import { applyMigrations } from "../../origin/migrate/index.js";
import { startLocalS3, storageConfigFor } from "../s3/index.js";
import { createLogger } from "../../shared/logger.js";
import { ensureDatabase, ensureFfmpeg, ensureNats, ensurePostgres, ensureRedis, type Log } from "../infra/index.js";

export interface StackOptions {
  dataDir: string;
  /** Database created (if absent) and migrated on the Postgres server. */
  database: string;
  /** Ports of the processes the stack always runs itself; 0 picks a free one (tests). */
  ports: { neonProxy: number; upstashProxy: number; s3: number; cdn: number };
  corsOrigins: string[];
  /** Where clients reach the edge (PUBLIC_BASE_URL): the launcher's port, or a placeholder tests override per server. */
  publicBaseUrl: string;
  log: Log;
  /** Simulated distance to the database and Redis regions, added by the Neon and Upstash proxies (default 0). */
  latencyMs?: { neon: number; upstash: number };
  /** POSTGRES_URL (server, any database), REDIS_URL, NATS_URL: reused when they answer. */
  env: Record<string, string | undefined>;
}

export interface RunningStack {
  /** What the edge and the origin services read: the same variable names as in production. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The platform's infrastructure on one machine: Postgres, Redis and NATS (reused or started under
 * the data dir), migrations, the Neon and Upstash protocol proxies that let the edge use its
 * production drivers unchanged, a local S3 server, and a CDN emulator that verifies CloudFront signatures.
 */
export async function startStack(opts: StackOptions): Promise<RunningStack> {
  const { dataDir, log } = opts;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e: unknown) => log.warn(`stop failed: ${String(e)}`));
  };
  try {
    const postgres = await ensurePostgres({ url: opts.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", dataDir, log });
    stops.push(() => postgres.stop());
    const redis = await ensureRedis({ url: opts.env.REDIS_URL ?? "redis://127.0.0.1:6379", dataDir, log });
    stops.push(() => redis.stop());
    const nats = await ensureNats({ url: opts.env.NATS_URL ?? "nats://127.0.0.1:4222", dataDir, log });
    stops.push(() => nats.stop());

    // The encoder pool needs it; installed now so the first upload does not wait for apt.
    await ensureFfmpeg(log);

    const databaseUrl = await ensureDatabase(postgres.url, opts.database);
    await applyMigrations(databaseUrl);

    const pgAddress = new URL(databaseUrl);
    const neon = await startNeonProxy({
      port: opts.ports.neonProxy,
      allowedAddresses: [`${pgAddress.hostname}:${pgAddress.port || 5432}`],
      latencyMs: opts.latencyMs?.neon,
    });
    stops.push(() => neon.close());
    const token = randomBytes(24).toString("base64url");
    const upstash = await startUpstashProxy({
      port: opts.ports.upstashProxy,
      redisUrl: redis.url,
      token,
      latencyMs: opts.latencyMs?.upstash,
    });
    stops.push(() => upstash.close());

    const s3 = await startLocalS3({ port: opts.ports.s3, dataDir, bucket: "videos", corsOrigins: opts.corsOrigins, log });
    stops.push(() => s3.stop());

    const signingKey = await loadOrCreateSigningKey(dataDir);
    const cdnKey = await loadOrCreateCloudFrontKey(dataDir);
    const cdnPort = opts.ports.cdn || (await freePort());
    const cdn = await startCdnEmulator({
      port: cdnPort,
      storage: storageConfigFor(s3),
      trustedKeys: [{ keyPairId: cdnKey.keyPairId, publicKeyPem: cdnKey.publicKeyPem }],
      corsOrigins: opts.corsOrigins,
      log: createLogger("cdn", { level: "warn" }),
    });
    stops.push(() => cdn.close());
    return {
      env: {
        DATABASE_URL: databaseUrl,
        NEON_HTTP_ENDPOINT: `${neon.url}/sql`,
        NEON_WS_PROXY: `${neon.url.replace(/^http:\/\//, "")}/v2`,
        UPSTASH_REDIS_REST_URL: upstash.url,
        UPSTASH_REDIS_REST_TOKEN: token,
        JWT_PRIVATE_KEY: JSON.stringify(signingKey),
        CORS_ORIGINS: opts.corsOrigins.join(","),
        CDN_BASE_URL: cdn.url,
        PUBLIC_BASE_URL: opts.publicBaseUrl,
        // Every local caller is one address (127.0.0.1), so the production default (10 sign-ups per address
        // per 10 min) would stop a developer, or a test run's edges, after ten accounts.
        REGISTER_RATE_LIMIT: "1000",
        CLOUDFRONT_KEY_PAIR_ID: cdnKey.keyPairId,
        CLOUDFRONT_PRIVATE_KEY: cdnKey.privateKeyPem,
        CDN_TRUSTED_KEYS: JSON.stringify([{ keyPairId: cdnKey.keyPairId, publicKeyPem: cdnKey.publicKeyPem }]),
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        S3_REGION: "us-east-1",
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        S3_FORCE_PATH_STYLE: "true",
        REDIS_URL: redis.url,
        NATS_URL: nats.url,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
