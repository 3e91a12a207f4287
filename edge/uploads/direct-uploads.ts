import { and, eq, sql } from "drizzle-orm";
import { tooLargeMessage } from "../../shared/contracts/upload-rules.js";
import type { CompleteUploadBody, CreateUploadBody, VideoView } from "../../shared/contracts/uploads.js";
import { videos, type VideoRow } from "../../shared/db/schema.js";
import { moveVideo } from "../../shared/db/video-moves.js";
import { AppError, invalid, notFound, rateLimited } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { findOwnedVideo, presentVideo } from "../videos/index.js";
import { StorageError, type EdgePorts, type StoredObject } from "../ports/index.js";
import { planParts } from "./plan-parts.js";
import { queueEncode, type QueueChanges } from "./queue-encode.js";
import { reserveVideo, type NewVideo } from "./reserve-video.js";

export type UploadInstructions =
  | { method: "PUT"; url: string; headers: Record<string, string>; expires_at: string }
  | { method: "multipart"; upload_id: string; part_size: number; parts: { part_number: number; url: string }[]; expires_at: string };

const tooManyPending = (p: EdgePorts) => rateLimited(Math.min(p.config.UPLOAD_URL_TTL_SECONDS, 3_600));

async function reserveOrRefuse(p: EdgePorts, video: NewVideo): Promise<VideoRow> {
  const reserved = await reserveVideo(p, video);
  if (!reserved) throw tooManyPending(p);
  return reserved;
}

async function load(p: EdgePorts, id: string, ownerId: string): Promise<VideoRow> {
  const video = await findOwnedVideo(p.db, id, ownerId);
  if (!video) throw notFound();
  return video;
}

export async function createUpload(
  p: EdgePorts,
  ownerId: string,
  body: CreateUploadBody,
): Promise<{ video: VideoView; upload: UploadInstructions }> {
  const { config, storage } = p;
  if (body.size_bytes > config.MAX_UPLOAD_BYTES) {
    throw new AppError("payload_too_large", tooLargeMessage(config.MAX_UPLOAD_BYTES));
  }
  const id = newId("vid");
  const key = storageKeys.source(id);
  const base: NewVideo = {
    id,
    ownerId,
    title: body.title,
    description: body.description,
    visibility: body.visibility,
    sourceKey: key,
    sizeBytes: body.size_bytes,
    contentType: body.content_type,
    originalFilename: body.filename,
    multipartUploadId: null,
    partSizeBytes: null,
    tags: body.tags,
    language: body.language ?? null,
  };

  if (body.size_bytes <= config.SINGLE_PUT_MAX_BYTES) {
    const video = await reserveOrRefuse(p, base);
    return { video: presentVideo(video), upload: await putInstructions(p, key, body.content_type, body.size_bytes) };
  }

  const { partSize, partCount } = planParts(body.size_bytes, config.MULTIPART_PART_BYTES);
  const uploadId = await storage.createMultipart(key, body.content_type);
  let video: VideoRow;
  try {
    video = await reserveOrRefuse(p, { ...base, multipartUploadId: uploadId, partSizeBytes: partSize });
  } catch (error) {
    await storage.abortMultipart(key, uploadId).catch(() => undefined);
    throw error;
  }
  return { video: presentVideo(video), upload: await multipartInstructions(p, key, uploadId, partSize, partCount) };
}

const expiresAt = (p: EdgePorts) => new Date(p.clock().getTime() + p.config.UPLOAD_URL_TTL_SECONDS * 1000).toISOString();

async function putInstructions(
  p: EdgePorts,
  key: string,
  contentType: string | null,
  sizeBytes: number | null,
): Promise<UploadInstructions> {
  const opts = {
    contentType: contentType ?? undefined,
    contentLength: sizeBytes ?? undefined,
    expiresInSeconds: p.config.UPLOAD_URL_TTL_SECONDS,
  };
  return { method: "PUT", ...(await p.storage.presignPut(key, opts)), expires_at: expiresAt(p) };
}

async function multipartInstructions(
  p: EdgePorts,
  key: string,
  uploadId: string,
  partSize: number,
  partCount: number,
): Promise<UploadInstructions> {
  const parts = await Promise.all(
    Array.from({ length: partCount }, async (_, i) => ({
      part_number: i + 1,
      url: await p.storage.presignPart(key, uploadId, i + 1, p.config.UPLOAD_URL_TTL_SECONDS),
    })),
  );
  return { method: "multipart", upload_id: uploadId, part_size: partSize, parts, expires_at: expiresAt(p) };
}

/**
 * Fresh URLs for an upload that has not been completed, for a client resuming it after its URLs expired
 * (they live UPLOAD_URL_TTL_SECONDS). The same multipart upload: parts already sent stay sent.
 */
export async function resumeUpload(p: EdgePorts, ownerId: string, id: string): Promise<{ video: VideoView; upload: UploadInstructions }> {
  const video = await load(p, id, ownerId);
  if (video.status !== "awaiting_upload") {
    throw new AppError("conflict", "This upload is already complete; nothing is left to send.");
  }
  if (video.multipartUploadId && video.partSizeBytes && video.sizeBytes) {
    const partCount = Math.ceil(video.sizeBytes / video.partSizeBytes);
    return {
      video: presentVideo(video),
      upload: await multipartInstructions(p, video.sourceKey, video.multipartUploadId, video.partSizeBytes, partCount),
    };
  }
  return { video: presentVideo(video), upload: await putInstructions(p, video.sourceKey, video.contentType, video.sizeBytes) };
}

/**
 * Verifies what landed in storage and queues the encode. Safe to repeat: once the video has left
 * `awaiting_upload`, a repeat answers with its current state and queues nothing.
 *
 * Round trips: the video's row and the stored object's HEAD are read together, beside the caller's revocation
 * check; the first write (the multipart completion or the queueing, which returns the queued row in the same
 * Neon request) waits for that check, as every write of a route the guard runs beside it does (`holdWrites`).
 * A single-PUT upload thus costs two round trips in a row.
 */
export async function completeUpload(
  p: EdgePorts,
  ownerId: string,
  id: string,
  body: CompleteUploadBody,
  trace: Record<string, string>,
  changes: QueueChanges = {},
): Promise<VideoView> {
  // The source's key follows from the id, so its HEAD need not wait for the row; discarded unless the row is the caller's.
  const [video, early] = await Promise.all([load(p, id, ownerId), p.storage.head(storageKeys.source(id))]);
  if (video.status !== "awaiting_upload") return presentVideo(video);

  let stored: StoredObject | null;
  if (!video.multipartUploadId) {
    stored = video.sourceKey === storageKeys.source(id) ? early : await p.storage.head(video.sourceKey);
  } else {
    if (!body.parts || body.parts.length === 0) throw invalid({ parts: ["The parts field is required for a multipart upload."] });
    try {
      await p.storage.completeMultipart(
        video.sourceKey,
        video.multipartUploadId,
        body.parts.map((part) => ({ partNumber: part.part_number, etag: part.etag })),
      );
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      // no_such_upload: a concurrent call completed it first; the HEAD after it decides.
      if (error.reason === "invalid_parts")
        throw invalid({ parts: ["The parts do not match the uploaded parts (numbers, ETags, or a part smaller than 5 MiB)."] });
    }
    // The object exists only now that its parts are put together; its HEAD and forgetting the upload id go together.
    [, stored] = await Promise.all([
      p.db
        .update(videos)
        .set({ multipartUploadId: null })
        .where(and(eq(videos.id, id), eq(videos.ownerId, ownerId))),
      p.storage.head(video.sourceKey),
    ]);
  }

  if (!stored) throw new AppError("conflict", "The upload has not arrived in storage yet.");
  if (video.sizeBytes !== null && stored.sizeBytes !== video.sizeBytes) {
    throw new AppError("unprocessable", `The stored file has ${stored.sizeBytes} bytes, not the ${video.sizeBytes} announced.`);
  }
  if (video.sizeBytes === null && stored.sizeBytes > p.config.MAX_UPLOAD_BYTES) {
    throw new AppError("payload_too_large", tooLargeMessage(p.config.MAX_UPLOAD_BYTES));
  }
  const queued = await queueEncode(p, video, stored, trace, changes);
  // Deleted meanwhile (a concurrent cancel): no longer anything of the caller's to show.
  if (!queued || queued.status === "deleted") throw notFound();
  p.log.info("upload queued for encoding", { video_id: id, size_bytes: stored.sizeBytes });
  return presentVideo(queued);
}

/** Gives up an upload that has not been completed: aborts the multipart upload, removes the bytes. */
export async function cancelUpload(p: EdgePorts, ownerId: string, id: string): Promise<void> {
  const video = await load(p, id, ownerId);
  if (video.status !== "awaiting_upload") {
    throw new AppError("conflict", "This upload is complete; delete the video with DELETE /videos/:id instead.");
  }
  if (video.multipartUploadId) await p.storage.abortMultipart(video.sourceKey, video.multipartUploadId);
  await p.storage.deleteObject(video.sourceKey);
  const now = p.clock();
  const set = sql`deleted_at = ${now.toISOString()}, multipart_upload_id = null`;
  await p.db.execute(moveVideo({ id, ownerId, to: "deleted", from: ["awaiting_upload"], at: now, set }));
}
