import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { storageKeys } from "../../shared/storage-keys.js";
import { POSTER_NAME } from "../media/thumbnails.js";
import { runFfmpeg } from "../media/index.js";
import { isMissingObject } from "../storage/index.js";
import type { JobRun } from "./job-context.js";

/** Larger than any sensible poster; a bigger object is ignored rather than read. */
export const MAX_THUMBNAIL_BYTES = 5 * 1024 * 1024;
/** The poster is stored no wider than this, whatever was uploaded. */
const MAX_POSTER_WIDTH = 1920;
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Only JPEG and PNG reach ffmpeg: it would decode far more formats than a poster should be. */
export const isPosterImage = (bytes: Uint8Array): boolean => startsWith(bytes, JPEG_MAGIC) || startsWith(bytes, PNG_MAGIC);

/**
 * The seed-compatible upload presigns a thumbnail beside the source (`uploads/<id>/thumbnail`). When its
 * client stored one, it replaces the generated poster in `outDir` before the poster is stored: decoded
 * and written again as a JPEG (no metadata, at most MAX_POSTER_WIDTH wide), so what viewers load is an
 * image we made, whatever was uploaded. A missing, oversized or undecodable thumbnail leaves the
 * generated poster; nothing about it fails the encode.
 */
export async function useUploadedThumbnail(run: JobRun, outDir: string): Promise<boolean> {
  const { s3, bucket } = run.deps;
  const key = storageKeys.thumbnail(run.job.video_id);
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: run.signal });
    if ((head.ContentLength ?? 0) > MAX_THUMBNAIL_BYTES) {
      run.log.warn("uploaded thumbnail too large, generated poster kept", { bytes: head.ContentLength });
      return false;
    }
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: run.signal });
    const bytes = await object.Body!.transformToByteArray();
    if (bytes.length > MAX_THUMBNAIL_BYTES || !isPosterImage(bytes)) {
      run.log.warn("uploaded thumbnail is not a JPEG or PNG, generated poster kept", { bytes: bytes.length });
      return false;
    }
    const uploaded = join(run.workDir, "thumbnail");
    await writeFile(uploaded, bytes);
    await runFfmpeg(
      [
        "-i",
        uploaded,
        "-frames:v",
        "1",
        "-vf",
        `scale='min(${MAX_POSTER_WIDTH},iw)':-2`,
        "-map_metadata",
        "-1",
        "-y",
        join(outDir, POSTER_NAME),
      ],
      { signal: run.signal },
    );
    run.log.info("uploaded thumbnail is the poster", { bytes: bytes.length });
    return true;
  } catch (err) {
    if (run.signal.aborted) throw err;
    if (!isMissingObject(err)) run.log.warn("uploaded thumbnail not used, generated poster kept", { err });
    return false;
  }
}
