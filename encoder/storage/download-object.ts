import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createWriteStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface DownloadObjectOptions {
  bucket: string;
  key: string;
  /** Created (or truncated) and written as the body arrives: sources can be many gigabytes. */
  path: string;
  signal?: AbortSignal;
  /** Called as chunks arrive; `totalBytes` is the object's Content-Length when S3 sent one. */
  onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void;
}

/** Streams one object to a local file; resolves with the number of bytes written. */
export async function downloadObject(s3: S3Client, opts: DownloadObjectOptions): Promise<number> {
  const response = await s3.send(new GetObjectCommand({ Bucket: opts.bucket, Key: opts.key }), { abortSignal: opts.signal });
  // In Node the SDK always answers with an http.IncomingMessage; anything else means a browser build slipped in.
  if (!(response.Body instanceof Readable)) throw new Error(`GetObject ${opts.key} did not return a Node stream`);
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      opts.onProgress?.(received, response.ContentLength);
      done(null, chunk);
    },
  });
  await pipeline(response.Body, counter, createWriteStream(opts.path), { signal: opts.signal });
  // A connection cut mid-body can end the stream without an error; a short file must not be encoded.
  if (response.ContentLength !== undefined && received !== response.ContentLength) {
    throw new Error(`GetObject ${opts.key} ended after ${received} of ${response.ContentLength} bytes`);
  }
  return received;
}
