import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { setTimeout as sleep } from "node:timers/promises";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { storageConfigFor } from "./storage-config-for.js";
import type { RunningS3 } from "./types.js";

const POLL_MS = 100;
const ATTEMPT_TIMEOUT_MS = 2_000;

/**
 * Resolves once the bucket answers HeadBucket through the SDK, the way the platform's servers will
 * talk to it (credentials, path style, checksum settings), or rejects with the last error.
 */
export async function waitForBucket(s3: RunningS3, deadline: number): Promise<void> {
  const client = createS3Client(storageConfigFor(s3));
  try {
    for (;;) {
      try {
        await client.send(new HeadBucketCommand({ Bucket: s3.bucket }), { abortSignal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      await sleep(POLL_MS);
    }
  } finally {
    client.destroy();
  }
}
