import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { Readable } from "node:stream";
import type { RepresentationTimeline } from "../../shared/mpd-timeline.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { isMissingObject } from "../storage/index.js";

export interface TrackSource {
  s3: S3Client;
  bucket: string;
  videoId: string;
  revision: string;
  signal?: AbortSignal;
}

/**
 * Thrown when a representation has no stored segments, not the ones its manifest lists, or one of them
 * vanished while it was read: the revision is gone (or damaged) or the job names a wrong id. No retry
 * brings it back.
 */
export class MissingTrackError extends Error {
  constructor(
    readonly representation: string,
    what = "no stored segments",
  ) {
    super(`${what} for representation ${representation}`);
    this.name = "MissingTrackError";
  }
}

// ffmpeg's names (see encoder/media/ladder-args.ts): `init-<id>.m4s`, `chunk-<id>-<5-digit number>.m4s`.
const chunkPrefix = (representation: string) => `chunk-${representation}-`;
const CHUNK_NUMBER = /-(\d+)\.m4s$/;

/** The media segments of one representation, in play order. */
async function chunkKeys(src: TrackSource, representation: string): Promise<string[]> {
  const prefix = `${storageKeys.revisionPrefix(src.videoId, src.revision)}${chunkPrefix(representation)}`;
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await src.s3.send(new ListObjectsV2Command({ Bucket: src.bucket, Prefix: prefix, ContinuationToken: token }), {
      abortSignal: src.signal,
    });
    for (const o of page.Contents ?? []) if (o.Key && CHUNK_NUMBER.test(o.Key)) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const number = (key: string) => Number(CHUNK_NUMBER.exec(key)?.[1]);
  return keys.sort((a, b) => number(a) - number(b));
}

/**
 * Writes one representation as a single fragmented MP4 to `path`: its init segment, then every media
 * segment in order (CMAF fragments carry their own decode times, so the joined file plays as one).
 * Streams object by object; nothing is held in memory. The stored segments must be exactly the ones the
 * manifest's timeline numbers: one gone from the middle leaves a gap `-c copy` keeps without a word (the
 * track still ends on time, only frames are missing).
 */
export async function gatherTrack(
  src: TrackSource,
  representation: string,
  timeline: RepresentationTimeline,
  path: string,
): Promise<number> {
  const chunks = await chunkKeys(src, representation);
  if (chunks.length === 0) throw new MissingTrackError(representation);
  const numbers = chunks.map((key) => Number(CHUNK_NUMBER.exec(key)?.[1]));
  if (numbers.length !== timeline.segments || numbers.some((n, i) => n !== timeline.startNumber + i)) {
    throw new MissingTrackError(representation, `${numbers.length} of ${timeline.segments} segments stored`);
  }
  const init = `${storageKeys.revisionPrefix(src.videoId, src.revision)}init-${representation}.m4s`;
  const out = createWriteStream(path);
  try {
    for (const key of [init, ...chunks]) {
      const object = await src.s3
        .send(new GetObjectCommand({ Bucket: src.bucket, Key: key }), { abortSignal: src.signal })
        .catch((err: unknown) => {
          throw isMissingObject(err) ? new MissingTrackError(representation, "a segment is missing") : err;
        });
      if (!(object.Body instanceof Readable)) throw new Error(`no body for ${key}`);
      for await (const chunk of object.Body) {
        if (!out.write(chunk)) await once(out, "drain");
      }
    }
  } finally {
    out.end();
    await once(out, "close");
  }
  return chunks.length;
}
