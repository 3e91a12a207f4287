import { PutObjectCommand } from "@aws-sdk/client-s3";
import { inArray } from "drizzle-orm";
import { parseConfig } from "../../shared/config/parse-config.js";
import { storageConfigSchema } from "../../shared/config/storage-config.js";
import { videos, type VideoRow } from "../../shared/db/schema.js";
import type { VideoOutputs } from "../../shared/db/videos.js";
import { newId } from "../../shared/ids.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { storageKeys } from "../../shared/storage-keys.js";
import type { Db } from "../../edge/ports/index.js";

/** A revision folder name as encoders make one: the attempt's start in base 36, then randomness. */
export function newRevision(startedAt = new Date()): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => (b % 36).toString(36)).join("");
  return `r${startedAt.getTime().toString(36).padStart(9, "0")}${random}`;
}

/** The outputs the catalog projector records for a finished encode of one revision. */
export function readyOutputs(id: string, revision = newRevision()): VideoOutputs {
  return {
    revision,
    manifestKey: storageKeys.manifest(id, revision),
    hlsKey: storageKeys.hlsMaster(id, revision),
    posterKey: storageKeys.poster(id, revision),
    storyboardKey: storageKeys.storyboard(id, revision),
    storyboardVttKey: storageKeys.storyboardVtt(id, revision),
  };
}

/** The outputs it records once an encode's first segments are stored (progressive publishing). */
export function playableOutputs(id: string, revision = newRevision(), startedAt = new Date()): VideoOutputs {
  return {
    revision,
    revisionStartedAt: startedAt.toISOString(),
    manifestKey: storageKeys.manifest(id, revision),
    hlsKey: storageKeys.hlsMaster(id, revision),
  };
}

/**
 * Videos as the catalog projector leaves them, inserted directly for catalog tests: encoded (ready, with
 * a revision's outputs) unless told otherwise; no outputs for another status unless given. `outputs` may
 * be a function of the new id, since storage keys name it.
 */
export async function insertVideo(
  db: Db,
  ownerId: string,
  over: Partial<Omit<VideoRow, "outputs">> & { outputs?: VideoOutputs | null | ((id: string) => VideoOutputs | null) } = {},
): Promise<VideoRow> {
  const id = newId("vid");
  const now = new Date();
  const { outputs = (over.status ?? "ready") === "ready" ? readyOutputs : null, ...rest } = over;
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
      outputs: typeof outputs === "function" ? outputs(id) : outputs,
      publishedAt: now,
      createdAt: now,
      updatedAt: now,
      ...rest,
    })
    .returning();
  return row!;
}

export async function removeVideos(db: Db, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.delete(videos).where(inArray(videos.id, ids));
}

/**
 * Writes small manifest-like objects for a video into the stack's bucket: into its revision folder, or
 * straight under `videos/<id>/` for a video encoded before revisions.
 */
export async function putOutputs(
  env: Record<string, string>,
  video: Pick<VideoRow, "id" | "outputs">,
  files: Record<string, { body: string; type: string }>,
): Promise<void> {
  const config = parseConfig(storageConfigSchema, env);
  const s3 = createS3Client(config);
  const revision = video.outputs?.revision;
  const prefix = revision ? storageKeys.revisionPrefix(video.id, revision) : storageKeys.outputPrefix(video.id);
  for (const [name, { body, type }] of Object.entries(files)) {
    await s3.send(new PutObjectCommand({ Bucket: config.S3_BUCKET, Key: `${prefix}${name}`, Body: body, ContentType: type }));
  }
}
