import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { encodedEvent, type EncodedEvent } from "../../shared/contracts/events.js";
import { REVISION_PATTERN, storageKeys } from "../../shared/storage-keys.js";
import { isMissingObject } from "../storage/index.js";

// S3 lists and deletes at most 1,000 keys per request.
const PAGE = 1_000;
const MANIFEST = /\.(mpd|m3u8)$/;

export interface StoredRevision {
  id: string;
  keys: string[];
  /** The newest write into the folder: its lease, touched on every heartbeat, or its latest file. */
  lastWrite: Date;
}

/**
 * The revision folders under `videos/<id>/`, each with its keys. Files directly under the prefix (written
 * before revisions existed) belong to no revision and are left alone.
 */
export async function listRevisions(s3: S3Client, bucket: string, videoId: string): Promise<StoredRevision[]> {
  const prefix = storageKeys.outputPrefix(videoId);
  const byRevision = new Map<string, { keys: string[]; lastWrite: number }>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: PAGE, ContinuationToken: token }));
    for (const { Key, LastModified } of page.Contents ?? []) {
      const revision = Key?.slice(prefix.length).split("/")[0];
      if (!Key || !revision || !REVISION_PATTERN.test(revision) || Key === prefix + revision) continue;
      const entry = byRevision.get(revision) ?? { keys: [], lastWrite: 0 };
      entry.keys.push(Key);
      entry.lastWrite = Math.max(entry.lastWrite, LastModified?.getTime() ?? 0);
      byRevision.set(revision, entry);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return [...byRevision]
    .map(([id, e]) => ({ id, keys: e.keys, lastWrite: new Date(e.lastWrite) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The encoded event a finished revision recorded, or null when the attempt never finished. */
export async function readRevisionRecord(s3: S3Client, bucket: string, videoId: string, revision: string): Promise<EncodedEvent | null> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: storageKeys.revisionRecord(videoId, revision) }));
    const parsed = encodedEvent.safeParse(JSON.parse((await out.Body?.transformToString()) ?? ""));
    // A record that does not parse is not proof of a finished encode: that revision is redone.
    return parsed.success && parsed.data.video_id === videoId && parsed.data.revision === revision ? parsed.data : null;
  } catch (err) {
    if (isMissingObject(err) || err instanceof SyntaxError) return null;
    throw err;
  }
}

/**
 * Removes a revision's objects, manifests first: a player reading the folder meanwhile sees either a
 * manifest whose segments all exist, or no manifest at all.
 */
export async function removeRevision(s3: S3Client, bucket: string, revision: StoredRevision): Promise<number> {
  const manifests = revision.keys.filter((k) => MANIFEST.test(k));
  const rest = revision.keys.filter((k) => !MANIFEST.test(k));
  await deleteKeys(s3, bucket, manifests);
  await deleteKeys(s3, bucket, rest);
  return revision.keys.length;
}

async function deleteKeys(s3: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += PAGE) {
    const objects = keys.slice(i, i + PAGE).map((Key) => ({ Key }));
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    if (out.Errors?.length)
      throw new Error(`storage refused to delete ${out.Errors.length} object(s): ${out.Errors[0]?.Code ?? "unknown"}`);
  }
}
