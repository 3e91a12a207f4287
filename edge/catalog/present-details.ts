import type { ViewerVideoView, VideoView } from "../../shared/contracts/uploads.js";
import type { CaptionFile, VideoRow } from "../../shared/db/schema.js";
import type { EdgePorts } from "../ports/index.js";
import { playbackFor, signedCaptions } from "../playback/index.js";
import { isPlayable, presentVideoTo } from "../videos/index.js";
import type { Owner, VideoWithOwner } from "./queries.js";

/**
 * A video's details as one audience sees them, before any signature: what an anonymous answer is built
 * from, and what the shared cache holds when `shareable` (public and ready: nothing about it changes by
 * the second, and anyone may see it). Unlisted, private and still-encoding videos are never shareable.
 */
export interface VideoDetails {
  shareable: boolean;
  video: (VideoView | ViewerVideoView) & { owner: Owner };
  /** What signing needs, when it can be played. */
  files: Pick<VideoRow, "id" | "outputs"> | null;
  /** Its caption tracks, unsigned (signed per answer with the files). */
  captions: CaptionFile[];
}

export const detailsFor = (row: VideoWithOwner, viewerId: string | undefined, tracks: CaptionFile[]): VideoDetails => ({
  shareable: viewerId === undefined && row.visibility === "public" && row.status === "ready",
  video: { ...presentVideoTo(row, viewerId), owner: row.owner },
  files: isPlayable(row) ? { id: row.id, outputs: row.outputs } : null,
  captions: tracks.map(({ videoId, language, label, kind, fileKey }) => ({ videoId, language, label, kind, fileKey })),
});

/** The details with this caller's signed URLs, signed anew for every answer, cached or not. */
export async function signDetails(p: EdgePorts, details: VideoDetails, viewerId: string | undefined) {
  const urls = details.files ? await playbackFor(p, details.files, viewerId, details.captions) : null;
  return {
    video: { ...details.video, poster_url: urls?.poster_url ?? null },
    manifest_url: urls?.manifest_url ?? null,
    hls_url: urls?.hls_manifest_url ?? null,
    captions: urls?.captions ?? signedCaptions(details.captions, null),
    expires_at: urls?.expires_at ?? null,
  };
}
