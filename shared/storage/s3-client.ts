import { S3Client } from "@aws-sdk/client-s3";
import type { StorageConfig } from "../config/storage-config.js";

/**
 * One way to build an S3 client, for the edge, the origin and the encoders.
 * Checksums only when required: the local S3 stand-in corrupts streamed uploads under the SDK's default flexible
 * checksums, and presigned PUTs would otherwise carry an empty-body CRC that breaks real uploads.
 * `publicEndpoint` gives a client whose presigned URLs browsers can reach.
 */
export function createS3Client(config: StorageConfig, opts: { publicEndpoint?: boolean } = {}): S3Client {
  const endpoint = opts.publicEndpoint ? (config.S3_PUBLIC_ENDPOINT ?? config.S3_ENDPOINT) : config.S3_ENDPOINT;
  return new S3Client({
    region: config.S3_REGION,
    ...(endpoint && { endpoint }),
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}
