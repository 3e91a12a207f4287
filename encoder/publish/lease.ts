import { DeleteObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { storageKeys } from "../../shared/storage-keys.js";
import { uploadText } from "../storage/index.js";

export interface Lease {
  /** Stops renewing; resolves once no write of the lease is in flight. */
  stop(): Promise<void>;
  /** Stops renewing and deletes the lease: the revision is finished, its record now speaks for it. */
  release(): Promise<void>;
}

/**
 * Keeps an attempt's revision visibly alive: the lease object is rewritten now and every `intervalMs`
 * (the job's heartbeat), so another attempt removes the folder only once it has gone quiet for longer
 * than the job's ack_wait, when the server would have redelivered the job anyway.
 */
export function startLease(
  s3: S3Client,
  bucket: string,
  videoId: string,
  revision: string,
  intervalMs: number,
  onError: (err: unknown) => void,
): Lease {
  const key = storageKeys.revisionLease(videoId, revision);
  let inFlight: Promise<void> = Promise.resolve();
  const touch = () => {
    inFlight = uploadText(s3, {
      bucket,
      key,
      text: new Date().toISOString(),
      headers: { contentType: "text/plain", cacheControl: "no-store" },
    }).catch(onError);
  };
  touch();
  const timer = setInterval(touch, intervalMs);
  const stop = async () => {
    clearInterval(timer);
    await inFlight;
  };
  return {
    stop,
    release: async () => {
      await stop();
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(onError);
    },
  };
}
