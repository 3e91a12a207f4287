import { z } from "zod";
import { intFromEnv, jsonFromEnv, logLevelFromEnv, parseConfig, urlFromEnv } from "./parse-config.js";
import { storageConfigShape } from "./storage-config.js";
import { telemetryConfigShape } from "./telemetry-config.js";
import { DEFAULT_MAX_UPLOAD_BYTES } from "../contracts/upload-rules.js";

const MiB = 1024 * 1024;

const commaList = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

const jwk = z.looseObject({ kty: z.string(), kid: z.string().min(1), alg: z.string().optional() });

/**
 * Everything the edge reads from its environment (Worker bindings or process env).
 * Secrets: DATABASE_URL, UPSTASH_REDIS_REST_TOKEN, JWT_PRIVATE_KEY, S3_SECRET_ACCESS_KEY, CLOUDFRONT_PRIVATE_KEY,
 * OTEL_EXPORTER_OTLP_HEADERS.
 */
export const edgeConfigSchema = z.object({
  DATABASE_URL: urlFromEnv(["postgres:", "postgresql:"]),
  // Only set for the local Neon-protocol proxy; in production the driver derives Neon's endpoint.
  NEON_HTTP_ENDPOINT: urlFromEnv(["http:", "https:"]).optional(),
  UPSTASH_REDIS_REST_URL: urlFromEnv(["http:", "https:"]),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1),
  JWT_PRIVATE_KEY: jsonFromEnv(jwk.extend({ d: z.string().min(1) })),
  // Public keys that still verify tokens after a rotation (the current key is always included).
  JWT_PUBLIC_KEYS: jsonFromEnv(z.array(jwk)).default([]),
  JWT_ISSUER: z.string().min(1).default("vod-edge"),
  JWT_AUDIENCE: z.string().min(1).default("vod-api"),
  ACCESS_TOKEN_TTL_SECONDS: intFromEnv(60, 86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: intFromEnv(3_600, 90 * 86_400).default(30 * 86_400),
  // A spent refresh token whose successor was never used may be presented again this long after it was
  // spent (a reload during the refresh lost the answer); 0 makes every second use a reuse.
  REFRESH_REUSE_GRACE_SECONDS: intFromEnv(0, 60).default(10),
  // Workers caps PBKDF2 at 100,000 iterations; wrangler dev does not enforce it, so the schema does.
  PASSWORD_PBKDF2_ITERATIONS: intFromEnv(10_000, 100_000).default(100_000),
  CORS_ORIGINS: commaList,
  // Where clients reach this API: the origin of every absolute URL the edge writes (playback and manifest
  // URLs, HLS media playlists, the MPD's clock). Never taken from the request's Host header, which anyone sets.
  PUBLIC_BASE_URL: urlFromEnv(["http:", "https:"]).transform((v) => new URL(v).origin),
  // Node, Bun and Deno: addresses of the reverse proxies in front of the edge. X-Forwarded-For is believed
  // only from them (login rate limits key on the client's address); on Workers, Cloudflare reports it.
  TRUSTED_PROXIES: commaList,
  MAX_BODY_BYTES: intFromEnv(1_024, 10 * 1024 * 1024).default(1024 * 1024),
  LOGIN_RATE_LIMIT: intFromEnv(1, 10_000).default(10),
  LOGIN_RATE_WINDOW_SECONDS: intFromEnv(1, 86_400).default(60),
  // Sign-ups per address, taken emails included: the ceiling on probing emails for accounts.
  REGISTER_RATE_LIMIT: intFromEnv(1, 10_000).default(10),
  REGISTER_RATE_WINDOW_SECONDS: intFromEnv(1, 86_400).default(600),
  LOG_LEVEL: logLevelFromEnv(),
  ...storageConfigShape,
  MAX_UPLOAD_BYTES: intFromEnv(1, 5 * 1024 * MiB * 10).default(DEFAULT_MAX_UPLOAD_BYTES),
  // Up to this size one presigned PUT; above it S3 multipart with presigned part URLs.
  SINGLE_PUT_MAX_BYTES: intFromEnv(1, 5 * 1024 * MiB).default(64 * MiB),
  // S3 parts are 5 MiB at least (but the last) and 10,000 at most; the part size grows for huge files.
  MULTIPART_PART_BYTES: intFromEnv(5 * MiB, 5 * 1024 * MiB).default(16 * MiB),
  UPLOAD_URL_TTL_SECONDS: intFromEnv(60, 7 * 86_400).default(3_600),
  MAX_PENDING_UPLOADS: intFromEnv(1, 1_000).default(5),
  // CloudFront (or the local CDN emulator) serving the bucket's videos/ prefix, and the key that signs for it.
  CDN_BASE_URL: urlFromEnv(["http:", "https:"]),
  CLOUDFRONT_KEY_PAIR_ID: z.string().min(1),
  CLOUDFRONT_PRIVATE_KEY: z.string().includes("PRIVATE KEY", { message: "must be a PEM private key" }),
  PLAYBACK_URL_TTL_SECONDS: intFromEnv(60, 86_400).default(3_600),
  // Anonymous catalog reads (the public list, a public video's details) come from the edge cache for this
  // long after they were read, then up to CATALOG_CACHE_STALE_SECONDS more while one refresh runs: the sum
  // bounds how long an edit, a visibility change or a deletion can go unseen. 0 turns the cache off.
  // Signed URLs are never cached: every answer signs its own.
  CATALOG_CACHE_SECONDS: intFromEnv(0, 300).default(10),
  CATALOG_CACHE_STALE_SECONDS: intFromEnv(0, 300).default(5),
  // Node, Bun and Deno: the bounds of the in-process cache standing in for the Workers Cache API.
  CATALOG_CACHE_MAX_ENTRIES: intFromEnv(0, 1_000_000).default(10_000),
  CATALOG_CACHE_MAX_BYTES: intFromEnv(0, 1024 * MiB).default(32 * MiB),
  ...telemetryConfigShape,
  // `key=value,…` sent with every export, e.g. a hosted collector's API key.
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default("edge"),
});

export type EdgeConfig = z.infer<typeof edgeConfigSchema>;

export const parseEdgeConfig = (env: Record<string, unknown>): EdgeConfig => parseConfig(edgeConfigSchema, env);
