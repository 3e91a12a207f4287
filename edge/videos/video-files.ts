import type { VideoOutputs } from "../../shared/db/videos.js";
import { AppError, notFound } from "../../shared/errors.js";
import { storageKeys } from "../../shared/storage-keys.js";
import type { ObjectStorage } from "../ports/index.js";

type Video = { id: string; status: string; outputs: VideoOutputs | null };

// A retry's first live manifest follows within a few seconds of the previous attempt's files going away.
const RE_ENCODING_RETRY_SECONDS = 2;

/**
 * Where a video's playable files sit, relative to its `videos/<id>/` prefix (which a grant signs): the
 * revision folder of the encode attempt the catalog points at, or the prefix itself for videos encoded
 * before revisions.
 */
export const filesFolder = (outputs: VideoOutputs | null): string => (outputs?.revision ? `${outputs.revision}/` : "");

/** The poster, relative to the video's prefix; null until an encode finished one. */
export const posterFile = (outputs: VideoOutputs | null): string | null =>
  outputs?.posterKey ? `${filesFolder(outputs)}poster.jpg` : null;

const fileKey = (video: Video, file: string) => `${storageKeys.outputPrefix(video.id)}${filesFolder(video.outputs)}${file}`;

/** A stored text file of the video (a storyboard's cues), or 404. */
export async function readVideoFile(storage: ObjectStorage, video: Video, file: string): Promise<string> {
  const body = await storage.getText(fileKey(video, file));
  if (body === null) throw notFound();
  return body;
}

/**
 * A manifest or playlist of the video. Missing while the video is still encoding means the attempt the
 * catalog points at is being replaced by a retry, whose own manifest takes its place in a moment: the
 * player is told to come back rather than that the video does not exist.
 */
export async function readManifest(storage: ObjectStorage, video: Video, file: string): Promise<string> {
  const body = await storage.getText(fileKey(video, file));
  if (body !== null) return body;
  if (video.status === "processing") {
    throw new AppError("unavailable", "This video is being re-encoded; try again in a few seconds.", {
      retryAfterSeconds: RE_ENCODING_RETRY_SECONDS,
    });
  }
  throw notFound();
}
