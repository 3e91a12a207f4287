import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";

// S3 deletes at most 1,000 keys per request, and lists at most 1,000 per page.
const PAGE = 1_000;

/** Deletes every object under a prefix, page by page; returns how many it deleted. */
export async function removePrefix(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let removed = 0;
  for (;;) {
    // Always the first page: what was deleted is gone, so the listing moves forward by itself.
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: PAGE }));
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (keys.length === 0) return removed;
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    if (out.Errors?.length) throw new Error(`storage refused to delete ${out.Errors.length} object(s): ${out.Errors[0]?.Code ?? "unknown"}`);
    removed += keys.length;
  }
}
