import type { CaptionView } from "../../shared/contracts/captions.js";
import type { PlaybackView } from "../../shared/contracts/videos.js";
import { notFound } from "../../shared/errors.js";
import type { CaptionFile, VideoRow } from "../../shared/db/schema.js";
import { storageKeys } from "../../shared/storage-keys.js";
import type { EdgePorts } from "../ports/index.js";
import { filesFolder, isPlayable, posterFile } from "../videos/index.js";
import { grantVideo, type VideoGrant } from "./cdn-signer.js";
import { issuePlaybackToken, playbackTokenHolder } from "./playback-token.js";
import { cdnSigning } from "./signing.js";

/** Signed access to one video's files for this moment, with the configured CDN key and lifetime. */
export const videoGrant = (p: EdgePorts, videoId: string): VideoGrant => grantVideo(cdnSigning(p), videoId, p.clock());

/** A track's file, relative to the video's prefix (what a grant signs). */
export const captionFile = (row: CaptionFile): string => row.fileKey.slice(storageKeys.outputPrefix(row.videoId).length);

/**
 * A video's caption tracks as anyone may see them (the allow-list: language, label, kind), each with its
 * WebVTT file signed when there is a grant (the video is playable for this caller), else null. The rows are
 * read by the caller beside the video, so signing adds no round trip.
 */
export const signedCaptions = (rows: CaptionFile[], grant: VideoGrant | null): CaptionView[] =>
  rows.map((row) => ({
    language: row.language,
    label: row.label,
    kind: row.kind,
    url: grant === null ? null : grant.url(captionFile(row)),
  }));

/**
 * Signed URLs for one caller (`viewerId`, undefined when anonymous): never cached or shared, each answer signs
 * anew. Only the video's id and files are read, so a cached public video signs the same way as a fresh one.
 */
export async function playbackFor(
  p: EdgePorts,
  video: Pick<VideoRow, "id" | "outputs">,
  viewerId: string | undefined,
  captions: CaptionFile[],
): Promise<PlaybackView> {
  const grant = videoGrant(p, video.id);
  const token = await issuePlaybackToken(p.keys, p.config.JWT_ISSUER, p.config.JWT_AUDIENCE, video.id, viewerId, grant.expiresAt);
  const edge = (file: string) => `${p.config.PUBLIC_BASE_URL}/videos/${video.id}/${file}?token=${token}`;
  const folder = filesFolder(video.outputs);
  const poster = posterFile(video.outputs);
  const hasStoryboard = Boolean(video.outputs?.storyboardKey);
  return {
    dash_url: grant.url(`${folder}manifest.mpd`),
    hls_url: grant.url(`${folder}master.m3u8`),
    manifest_url: edge("manifest.mpd"),
    hls_manifest_url: edge("master.m3u8"),
    poster_url: poster === null ? null : grant.url(poster),
    storyboard_url: hasStoryboard ? grant.url(`${folder}storyboard.jpg`) : null,
    storyboard_vtt_url: hasStoryboard ? edge("storyboard.vtt") : null,
    captions: signedCaptions(captions, grant),
    expires_at: grant.expiresAt.toISOString(),
  };
}

/**
 * Who may fetch a rewritten manifest, decided at every request against the video as it is now: anyone
 * for public and unlisted videos; for a private one only its owner, signed in or through a playback
 * token issued to them (what a stock player carries in the URL). A token handed to anyone else while
 * the video was public stops working the moment it turns private.
 */
export async function manifestGrant(
  p: EdgePorts,
  video: VideoRow,
  viewerId: string | undefined,
  token: string | undefined,
): Promise<VideoGrant> {
  const holder =
    token === undefined ? null : await playbackTokenHolder(p.keys, p.config.JWT_ISSUER, p.config.JWT_AUDIENCE, token, video.id, p.clock());
  const allowed = video.visibility !== "private" || video.ownerId === viewerId || (holder !== null && holder.viewerId === video.ownerId);
  if (!allowed || !isPlayable(video)) throw notFound();
  return videoGrant(p, video.id);
}
