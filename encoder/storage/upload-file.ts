import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { ObjectHeaders } from "./content-types.js";

// The SDK cannot retry a request whose body is a stream (it fails with "non-retryable streaming
// request"), so each file gets a few attempts of its own, each with a fresh stream.
const PUT_ATTEMPTS = 3;
const PUT_RETRY_BASE_MS = 250;

export interface UploadFileOptions {
  bucket: string;
  key: string;
  path: string;
  headers: ObjectHeaders;
  /** Known size in bytes; read from disk when absent. */
  size?: number;
  signal?: AbortSignal;
}

/** Streams one local file to S3 (never read whole into memory); resolves with its size. */
export async function uploadFile(s3: S3Client, opts: UploadFileOptions): Promise<number> {
  const size = opts.size ?? (await stat(opts.path)).size;
  for (let attempt = 1; ; attempt++) {
    try {
      await putOnce(s3, opts, size);
      return size;
    } catch (err) {
      if (attempt >= PUT_ATTEMPTS || opts.signal?.aborted) throw err;
      await sleep(PUT_RETRY_BASE_MS * 2 ** (attempt - 1), undefined, { signal: opts.signal });
    }
  }
}

async function putOnce(s3: S3Client, opts: UploadFileOptions, size: number): Promise<void> {
  const body = createReadStream(opts.path);
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: opts.bucket,
        Key: opts.key,
        Body: body,
        ContentLength: size,
        ContentType: opts.headers.contentType,
        CacheControl: opts.headers.cacheControl,
      }),
      { abortSignal: opts.signal },
    );
  } finally {
    // A failed request may leave the stream half-read with its descriptor open.
    body.destroy();
  }
}
