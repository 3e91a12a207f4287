import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { ObjectHeaders } from "./content-types.js";
import { withPutRetries } from "./put-retry.js";

export interface UploadTextOptions {
  bucket: string;
  key: string;
  text: string;
  headers: ObjectHeaders;
  signal?: AbortSignal;
}

/** Stores a small text object (a manifest, a record) exactly as given, with a few attempts. */
export async function uploadText(s3: S3Client, opts: UploadTextOptions): Promise<void> {
  const command = () =>
    new PutObjectCommand({
      Bucket: opts.bucket,
      Key: opts.key,
      Body: opts.text,
      ContentType: opts.headers.contentType,
      CacheControl: opts.headers.cacheControl,
    });
  await withPutRetries(() => s3.send(command(), { abortSignal: opts.signal }), opts.signal);
}
