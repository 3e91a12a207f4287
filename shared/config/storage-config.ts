import { z } from "zod";
import { urlFromEnv } from "./parse-config.js";

/**
 * Object storage, the same variables for AWS S3, R2, MinIO and the local stand-in.
 * S3_ENDPOINT is unset for AWS; path-style is needed by MinIO and the local stand-in.
 */
export const storageConfigShape = {
  S3_ENDPOINT: urlFromEnv(["http:", "https:"]).optional(),
  // The address browsers use for presigned URLs when it differs from the one servers use (containers).
  S3_PUBLIC_ENDPOINT: urlFromEnv(["http:", "https:"]).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.string().min(3).max(63),
  S3_ACCESS_KEY_ID: z.string().min(1),
  S3_SECRET_ACCESS_KEY: z.string().min(1),
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
};

export const storageConfigSchema = z.object(storageConfigShape);
export type StorageConfig = z.infer<typeof storageConfigSchema>;
