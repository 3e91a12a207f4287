import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { REVISION_PATTERN, storageKeys } from "../../shared/storage-keys.js";
import { deleteKeys } from "./remove-prefix.js";

/**
 * Removes what encoders wrote for a video (`videos/<id>/`) except the folders of finished revisions: a
 * job can exhaust its deliveries after an attempt finished (the encoder died between its encoded event
 * and its ack), and the catalog may then serve that revision. Half-written attempts go, and so do files
 * from before revisions. Returns how many objects it removed.
 */
export async function removeUnfinishedOutputs(s3: S3Client, bucket: string, videoId: string): Promise<number> {
  const prefix = storageKeys.outputPrefix(videoId);
  const keys = await listKeys(s3, bucket, prefix);
  const folderOf = (key: string) => key.slice(prefix.length).split("/")[0] ?? "";
  // An encoder writes a revision's record last, once every other file of that revision is stored.
  const stored = new Set(keys);
  const finished = new Set(
    [...new Set(keys.map(folderOf))].filter((f) => REVISION_PATTERN.test(f) && stored.has(storageKeys.revisionRecord(videoId, f))),
  );
  const doomed = keys.filter((key) => !finished.has(folderOf(key)));
  await deleteKeys(s3, bucket, doomed);
  return doomed.length;
}

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}
