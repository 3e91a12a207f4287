import { z } from "zod";
import { intFromEnv, jsonFromEnv, parseConfig, urlFromEnv } from "../../shared/config/parse-config.js";
import { storageConfigShape } from "../../shared/config/storage-config.js";
import { baseServiceConfig, metricsPortFromEnv } from "../../shared/node/service-config.js";

const WILDCARD_HOSTS = new Set(["0.0.0.0", "::"]);

const corsOriginsFromEnv = z.string().transform((text, ctx): string[] | "*" => {
  if (text.trim() === "*") return "*";
  const origins = text
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o !== "");
  // An origin is scheme, host and port only; anything else would never equal a browser's Origin header.
  const invalid = origins.filter((o) => !URL.canParse(o) || new URL(o).origin !== o);
  if (origins.length === 0 || invalid.length > 0) {
    ctx.addIssue({
      code: "custom",
      message: `must be * or a comma list of origins like http://localhost:5173${invalid.length > 0 ? ` (not: ${invalid.join(", ")})` : ""}`,
    });
    return z.NEVER;
  }
  return origins;
});

const trustedKeysFromEnv = jsonFromEnv(
  z
    .array(
      z.object({ keyPairId: z.string().min(1), publicKeyPem: z.string().includes("PUBLIC KEY", { message: "must be a PEM public key" }) }),
    )
    .min(1),
);

/** Everything the CDN emulator reads from its environment. Secret: S3_SECRET_ACCESS_KEY. */
export const cdnConfigSchema = baseServiceConfig
  .omit({ NATS_URL: true, JETSTREAM_REPLICAS: true })
  .extend({
    CDN_HOST: z.string().min(1).default("127.0.0.1"),
    CDN_PORT: intFromEnv(0, 65_535).default(8788),
    // What the edge signs for (its CDN_BASE_URL); the listening URL when unset.
    CDN_PUBLIC_BASE_URL: urlFromEnv(["http:", "https:"]).optional(),
    CDN_TRUSTED_KEYS: trustedKeysFromEnv,
    CDN_CORS_ORIGINS: corsOriginsFromEnv,
    ...storageConfigShape,
    METRICS_PORT: metricsPortFromEnv(9468),
  })
  .refine((c) => !WILDCARD_HOSTS.has(c.CDN_HOST) || c.CDN_PUBLIC_BASE_URL !== undefined, {
    message: "is required when CDN_HOST is a wildcard address (no signer can sign for one)",
    path: ["CDN_PUBLIC_BASE_URL"],
  });

export type CdnConfig = z.infer<typeof cdnConfigSchema>;

export const parseCdnConfig = (env: Record<string, unknown>): CdnConfig => parseConfig(cdnConfigSchema, env);
