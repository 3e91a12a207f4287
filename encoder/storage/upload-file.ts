import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { ObjectHeaders } from "./content-types.js";
import { withPutRetries } from "./put-retry.js";

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
  // A fresh stream per attempt.
  await withPutRetries(() => putOnce(s3, opts, size), opts.signal);
  return size;
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
