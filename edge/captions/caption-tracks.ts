import type { CaptionTrackView, CompleteCaptionBody } from "../../shared/contracts/captions.js";
import { MAX_CAPTION_BYTES } from "../../shared/contracts/captions.js";
import type { CaptionRow, VideoRow } from "../../shared/db/schema.js";
import { AppError, invalid, notFound } from "../../shared/errors.js";
import { storageKeys } from "../../shared/storage-keys.js";
import type { EdgePorts } from "../ports/index.js";
import { findOwnedVideo } from "../videos/index.js";
import { removeCaption, saveCaption } from "./caption-repository.js";
import { checkCaptions } from "./validate-captions.js";

/** Each version is a new file: immutable, as segments are. */
const CAPTION_CACHE_CONTROL = "public, max-age=31536000, immutable";
/** Random characters naming one version of a track's file. */
const VERSION_LENGTH = 10;

/** Which input fields a route has: a validation error lists every one (WebVTT problems under the text's field). */
export type CaptionFields = { textField: "content" | "file"; fields: readonly string[] };

export const presentTrack = (row: CaptionRow): CaptionTrackView => ({
  language: row.language,
  label: row.label,
  kind: row.kind,
  cue_count: row.cueCount,
  size_bytes: row.sizeBytes,
  updated_at: row.updatedAt.toISOString(),
});

const version = () => Array.from(crypto.getRandomValues(new Uint8Array(VERSION_LENGTH)), (b) => (b % 36).toString(36)).join("");

/**
 * The owner's video, with the duration cues are checked against. That is the source's probed duration,
 * known from the moment its encode is playable (and for a ready video): before, there is nothing to
 * check against, so the track is refused (409) rather than published unchecked.
 */
async function ownedWithDuration(p: EdgePorts, videoId: string, ownerId: string): Promise<VideoRow & { durationSeconds: number }> {
  const video = await findOwnedVideo(p.db, videoId, ownerId);
  if (!video) throw notFound();
  if (video.durationSeconds === null) {
    throw new AppError("conflict", "Captions can be added once the video's duration is known: a few seconds after its encoding starts.");
  }
  return { ...video, durationSeconds: video.durationSeconds };
}

/** Validates caption text for the video and publishes it as the track of `language` (new or replacing). */
async function publish(
  p: EdgePorts,
  video: VideoRow & { durationSeconds: number },
  language: string,
  track: CompleteCaptionBody,
  text: string,
  form: CaptionFields,
): Promise<CaptionRow> {
  const check = checkCaptions(text, video.durationSeconds);
  if (!check.ok) throw invalid({ ...Object.fromEntries(form.fields.map((f) => [f, [] as string[]])), [form.textField]: check.problems });
  const fileKey = storageKeys.captionFile(video.id, language, version());
  await p.storage.putText(fileKey, check.vtt, { contentType: "text/vtt; charset=utf-8", cacheControl: CAPTION_CACHE_CONTROL });
  const { saved, previousKey } = await saveCaption(
    p.db,
    {
      videoId: video.id,
      language,
      label: track.label,
      kind: track.kind,
      fileKey,
      sizeBytes: new TextEncoder().encode(check.vtt).byteLength,
      cueCount: check.cueCount,
    },
    p.clock(),
  );
  // A manifest read before the replacement may still name the old file; it stops at its track, not its video.
  if (previousKey && previousKey !== fileKey) await p.storage.deleteObject(previousKey);
  return saved;
}

/** A track sent in the request body. */
export async function putCaption(
  p: EdgePorts,
  ownerId: string,
  videoId: string,
  language: string,
  body: CompleteCaptionBody & { content: string },
): Promise<{ track: CaptionTrackView; created: boolean }> {
  const video = await ownedWithDuration(p, videoId, ownerId);
  const row = await publish(p, video, language, body, body.content, {
    textField: "content",
    fields: ["language", "label", "kind", "content"],
  });
  return { track: presentTrack(row), created: row.createdAt.getTime() === row.updatedAt.getTime() };
}

/** A URL to PUT the file straight to storage, bound to its announced length. */
export async function presignCaptionUpload(p: EdgePorts, ownerId: string, videoId: string, language: string, sizeBytes: number) {
  await ownedWithDuration(p, videoId, ownerId);
  const key = storageKeys.captionUpload(videoId, language);
  const signed = await p.storage.presignPut(key, { contentLength: sizeBytes, expiresInSeconds: p.config.UPLOAD_URL_TTL_SECONDS });
  const expiresAt = new Date(p.clock().getTime() + p.config.UPLOAD_URL_TTL_SECONDS * 1000).toISOString();
  return { method: "PUT" as const, ...signed, expires_at: expiresAt };
}

/** Checks the file PUT to the upload URL and publishes it; the upload itself is then removed. */
export async function completeCaptionUpload(
  p: EdgePorts,
  ownerId: string,
  videoId: string,
  language: string,
  body: CompleteCaptionBody,
): Promise<{ track: CaptionTrackView; created: boolean }> {
  const video = await ownedWithDuration(p, videoId, ownerId);
  const key = storageKeys.captionUpload(videoId, language);
  const stored = await p.storage.head(key);
  if (!stored) throw new AppError("conflict", "No caption file has arrived at the upload URL for this language.");
  const form: CaptionFields = { textField: "file", fields: ["language", "label", "kind", "file"] };
  // Storage does not enforce the length a URL was signed for everywhere (S3-compatible stand-ins do not).
  if (stored.sizeBytes > MAX_CAPTION_BYTES) {
    await p.storage.deleteObject(key);
    throw invalid({ language: [], label: [], kind: [], file: [`The file is larger than ${MAX_CAPTION_BYTES} bytes.`] });
  }
  const text = (await p.storage.getText(key)) ?? "";
  const row = await publish(p, video, language, body, text, form);
  await p.storage.deleteObject(key);
  return { track: presentTrack(row), created: row.createdAt.getTime() === row.updatedAt.getTime() };
}

/** Removes the track and its file. */
export async function deleteCaption(p: EdgePorts, ownerId: string, videoId: string, language: string): Promise<void> {
  const video = await findOwnedVideo(p.db, videoId, ownerId);
  if (!video) throw notFound();
  const fileKey = await removeCaption(p.db, videoId, language);
  if (fileKey === null) throw notFound();
  await p.storage.deleteObject(fileKey);
}
