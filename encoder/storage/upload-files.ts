import type { S3Client } from "@aws-sdk/client-s3";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { objectHeadersFor } from "./content-types.js";
import { uploadFile } from "./upload-file.js";

export const DEFAULT_UPLOAD_CONCURRENCY = 4;

export interface UploadFilesOptions {
  bucket: string;
  /** Local directory the `files` are relative to. */
  dir: string;
  files: readonly string[];
  /** Prepended to each relative path to form its key, e.g. `videos/<id>/`. */
  keyPrefix: string;
  concurrency?: number;
  signal?: AbortSignal;
  /** Called after each file with the bytes uploaded so far and the total. */
  onProgress?: (uploadedBytes: number, totalBytes: number) => void;
}

/**
 * Uploads a directory's files with at most `concurrency` requests at once. The first failure stops
 * the rest (in-flight requests are aborted) and is what rejects; keys are deterministic, so running
 * it again overwrites rather than duplicates.
 */
export async function uploadFiles(s3: S3Client, opts: UploadFilesOptions): Promise<void> {
  // Unknown types and missing files fail before anything is uploaded, not halfway through.
  const planned = await Promise.all(
    opts.files.map(async (file) => {
      const path = join(opts.dir, file);
      return { file, path, headers: objectHeadersFor(file), size: (await stat(path)).size };
    }),
  );
  const totalBytes = planned.reduce((sum, item) => sum + item.size, 0);
  const stopOthers = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stopOthers.signal]) : stopOthers.signal;
  let next = 0;
  let uploadedBytes = 0;
  let firstError: { err: unknown } | undefined;

  const lane = async (): Promise<void> => {
    for (let item = planned[next++]; item && !signal.aborted; item = planned[next++]) {
      await uploadFile(s3, {
        bucket: opts.bucket,
        key: opts.keyPrefix + item.file,
        path: item.path,
        headers: item.headers,
        size: item.size,
        signal,
      });
      uploadedBytes += item.size;
      opts.onProgress?.(uploadedBytes, totalBytes);
    }
  };
  const laneCount = Math.min(opts.concurrency ?? DEFAULT_UPLOAD_CONCURRENCY, planned.length);
  await Promise.all(
    Array.from({ length: laneCount }, () =>
      lane().catch((err: unknown) => {
        // The others then fail with abort errors; the cause is the first one.
        firstError ??= { err };
        stopOthers.abort();
      }),
    ),
  );
  if (firstError) throw firstError.err;
  // A signal aborted between files ends the lanes quietly; the caller must still learn of it.
  opts.signal?.throwIfAborted();
}
