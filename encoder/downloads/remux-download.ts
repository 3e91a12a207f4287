import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { DownloadJob } from "../../shared/contracts/downloads.js";
import { attachmentDisposition } from "../../shared/http/content-disposition.js";
import { representationTimeline } from "../../shared/mpd-timeline.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { runFfmpeg } from "../media/index.js";
import { IMMUTABLE_CACHE, isMissingObject } from "../storage/index.js";
import { createWorkDir, keepWorkDirAlive } from "../worker/work-dirs.js";
import { gatherTrack, MissingTrackError } from "./gather-track.js";
import { verifyDownload, type ExpectedTracks } from "./verify-download.js";

export interface RemuxDeps {
  s3: S3Client;
  bucket: string;
  tmpDir: string;
  /** How often the work directory is marked in use, so the encoders' sweep leaves it alone. */
  touchEveryMs: number;
  signal?: AbortSignal;
}

/**
 * Makes the download a job asks for: each named representation's stored segments joined into one
 * fragmented file, then ONE `ffmpeg -c copy` into a plain MP4 (M4A for audio alone) with its index at
 * the front (`+faststart`), so it plays while it downloads. No re-encode: the bytes of every frame are
 * the ones viewers stream. Checked against the revision's manifest before it is stored (verifyDownload):
 * a damaged segment throws, and nothing is stored. Stored with the Content-Disposition that names it
 * after the video.
 */
export async function remuxDownload(deps: RemuxDeps, job: DownloadJob): Promise<{ bytes: number }> {
  const dir = await createWorkDir(deps.tmpDir, job.video_id);
  const stopTouching = keepWorkDirAlive(dir, deps.touchEveryMs);
  try {
    const src = { s3: deps.s3, bucket: deps.bucket, videoId: job.video_id, revision: job.revision, signal: deps.signal };
    const mpd = await readManifest(deps, job);
    const inputs: string[] = [];
    const maps: string[] = [];
    const expected: ExpectedTracks = { video: null, audio: null };
    for (const [kind, representation] of [
      ["v", job.video_representation],
      ["a", job.audio_representation],
    ] as const) {
      if (representation === null) continue;
      const timeline = representationTimeline(mpd, representation);
      if (!timeline) throw new MissingTrackError(representation, "no such representation in the manifest");
      expected[kind === "v" ? "video" : "audio"] = timeline.endSeconds;
      const path = join(dir, `${kind}.mp4`);
      await gatherTrack(src, representation, timeline, path);
      maps.push("-map", `${inputs.length / 2}:${kind}:0`);
      inputs.push("-i", path);
    }
    const audioOnly = job.video_representation === null;
    const output = join(dir, audioOnly ? "out.m4a" : "out.mp4");
    await runFfmpeg([...inputs, ...maps, "-c", "copy", "-movflags", "+faststart", "-f", audioOnly ? "ipod" : "mp4", output], {
      signal: deps.signal,
    });
    await verifyDownload(output, expected, deps.signal);
    const { size } = await stat(output);
    const body = createReadStream(output);
    try {
      await deps.s3.send(
        new PutObjectCommand({
          Bucket: deps.bucket,
          Key: job.key,
          Body: body,
          ContentLength: size,
          ContentType: audioOnly ? "audio/mp4" : "video/mp4",
          CacheControl: IMMUTABLE_CACHE,
          ContentDisposition: attachmentDisposition(job.filename),
        }),
        { abortSignal: deps.signal },
      );
    } finally {
      body.destroy();
    }
    return { bytes: size };
  } finally {
    stopTouching();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The revision's stored (static) manifest: what its segments are, and so what the file must hold. */
async function readManifest(deps: RemuxDeps, job: DownloadJob): Promise<string> {
  const key = storageKeys.manifest(job.video_id, job.revision);
  const object = await deps.s3
    .send(new GetObjectCommand({ Bucket: deps.bucket, Key: key }), { abortSignal: deps.signal })
    .catch((err: unknown) => {
      throw isMissingObject(err) ? new MissingTrackError(job.video_representation ?? job.audio_representation ?? "", "no manifest") : err;
    });
  if (!object.Body) throw new Error(`no body for ${key}`);
  return object.Body.transformToString();
}
