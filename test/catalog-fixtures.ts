import { PutObjectCommand } from "@aws-sdk/client-s3";
import { inArray } from "drizzle-orm";
import { parseConfig } from "../shared/config/parse-config.js";
import { storageConfigSchema } from "../shared/config/storage-config.js";
import { videos, type VideoRow } from "../shared/db/schema.js";
import { newId } from "../shared/ids.js";
import { createS3Client } from "../shared/storage/s3-client.js";
import { storageKeys } from "../shared/storage-keys.js";
import type { Db } from "../edge/ports.js";

/** Videos as the catalog projector leaves them once encoded, inserted directly for catalog tests. */
export async function insertVideo(db: Db, ownerId: string, over: Partial<VideoRow> = {}): Promise<VideoRow> {
  const id = newId("vid");
  const now = new Date();
  const [row] = await db
    .insert(videos)
    .values({
      id,
      ownerId,
      title: `Video ${id.slice(-6)}`,
      description: "fixture",
      visibility: "public",
      status: "ready",
      sourceKey: storageKeys.source(id),
      sizeBytes: 1000,
      contentType: "video/mp4",
      progress: 100,
      durationSeconds: 6,
      width: 1280,
      height: 720,
      outputs: { manifestKey: storageKeys.manifest(id), hlsKey: storageKeys.hlsMaster(id), posterKey: storageKeys.poster(id), storyboardKey: storageKeys.storyboard(id), storyboardVttKey: storageKeys.storyboardVtt(id) },
      publishedAt: now,
      createdAt: now,
      updatedAt: now,
      ...over,
    })
    .returning();
  return row!;
}

export async function removeVideos(db: Db, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.delete(videos).where(inArray(videos.id, ids));
}

/** Writes small manifest-like objects for a video into the stack's bucket. */
export async function putOutputs(env: Record<string, string>, videoId: string, files: Record<string, { body: string; type: string }>): Promise<void> {
  const config = parseConfig(storageConfigSchema, env);
  const s3 = createS3Client(config);
  for (const [name, { body, type }] of Object.entries(files)) {
    await s3.send(new PutObjectCommand({ Bucket: config.S3_BUCKET, Key: `${storageKeys.outputPrefix(videoId)}${name}`, Body: body, ContentType: type }));
  }
}
