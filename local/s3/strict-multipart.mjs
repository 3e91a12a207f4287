// Where s3rver 3.7.1 falls short of S3 in ways our edge depends on.
//
// It does not check the parts of CompleteMultipartUpload: a wrong ETag is accepted and a
// missing part crashes the whole server. Real S3 answers InvalidPart / EntityTooSmall / NoSuchUpload,
// and our edge relies on those answers, so the local server is made to give them too.
import { existsSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import S3Error from "s3rver/lib/models/error.js";
import FilesystemStore from "s3rver/lib/stores/filesystem.js";
import { partMd5 } from "./atomic-objects.mjs";

const MIN_PART_BYTES = 5 * 1024 * 1024;

/** Wraps the store's completion (install after atomic-objects.mjs, whose completion it then guards). */
export function enforceMultipartParts() {
  const complete = FilesystemStore.prototype.putObjectMultipart;
  FilesystemStore.prototype.putObjectMultipart = async function (bucket, uploadId, parts) {
    const dir = join(this.getResourcePath(bucket, undefined, "uploads"), uploadId);
    if (!existsSync(dir)) throw new S3Error("NoSuchUpload", "The specified upload does not exist.");
    const sorted = [...parts].sort((a, b) => a.number - b.number);
    if (sorted.some((p, i) => p.number !== parts[i]?.number))
      throw new S3Error("InvalidPartOrder", "The list of parts was not in ascending order.");
    const files = sorted.map((part) => join(dir, String(part.number)));
    for (const [i, part] of sorted.entries()) {
      if (!existsSync(files[i]) || (await partMd5(files[i])) !== part.etag) {
        throw new S3Error("InvalidPart", "One or more of the specified parts could not be found or did not match its entity tag.");
      }
    }
    if (files.slice(0, -1).some((file) => statSync(file).size < MIN_PART_BYTES)) {
      throw new S3Error("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.");
    }
    return complete.call(this, bucket, uploadId, parts);
  };
}

/**
 * s3rver 3.7.1 has no AbortMultipartUpload (DELETE ?uploadId= answers MethodNotAllowed), which the
 * edge calls when an upload is cancelled. Installed just before s3rver's router.
 */
export function supportAbortMultipart(server) {
  const abort = async (ctx, next) => {
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (ctx.method !== "DELETE" || !match || ctx.query.uploadId === undefined) return next();
    const dir = join(ctx.store.getResourcePath(match[1], undefined, "uploads"), String(ctx.query.uploadId));
    if (!existsSync(dir)) throw new S3Error("NoSuchUpload", "The specified upload does not exist.");
    await rm(dir, { recursive: true, force: true });
    ctx.status = 204;
  };
  server.middleware.splice(server.middleware.length - 1, 0, abort);
}
