import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";

// S3 deletes at most 1,000 keys per request, and lists at most 1,000 per page.
const PAGE = 1_000;

/** Deletes every object under a prefix, page by page; returns how many it deleted. */
export async function removePrefix(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let removed = 0;
  for (;;) {
    // Always the first page: what was deleted is gone, so the listing moves forward by itself.
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: PAGE }));
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
    if (keys.length === 0) return removed;
    await deleteKeys(s3, bucket, keys);
    removed += keys.length;
  }
}

/** Deletes the given objects, a thousand per request; an object already gone counts as deleted. */
export async function deleteKeys(s3: S3Client, bucket: string, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += PAGE) {
    const objects = keys.slice(i, i + PAGE).map((Key) => ({ Key }));
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    if (out.Errors?.length)
      throw new Error(`storage refused to delete ${out.Errors.length} object(s): ${out.Errors[0]?.Code ?? "unknown"}`);
  }
}
