import type { StorageConfig } from "../../shared/config/storage-config.js";
import type { RunningS3 } from "./types.js";

/** The storage settings that point the platform's S3 clients at a running local server. */
export function storageConfigFor(s3: RunningS3): StorageConfig {
  return {
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: "us-east-1",
    S3_BUCKET: s3.bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    // s3rver serves buckets by path only (the runner turns vhost buckets off).
    S3_FORCE_PATH_STYLE: true,
  };
}
