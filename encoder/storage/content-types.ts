import { basename, extname } from "node:path";

/** What a packaged file is served with: the CDN and players rely on both headers. */
export interface ObjectHeaders {
  contentType: string;
  cacheControl: string;
}

// Segments, init segments and images never change under their name: a re-encode writes the same bytes
// to the same key, so browsers and the CDN may keep them for a year.
export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";
// Manifests, playlists and the storyboard index are small and are what a re-encode changes meaningfully;
// a short lifetime lets a corrected encode reach viewers within seconds.
export const SHORT_CACHE = "public, max-age=5";

const MEDIA_SEGMENT = "video/iso.segment";
const INIT_SEGMENT = "video/mp4";
// ffmpeg's DASH muxer names both init and media segments `.m4s`; only the name tells them apart.
const INIT_NAME = /^init[-_.]/i;

const BY_EXTENSION: Record<string, ObjectHeaders> = {
  ".mpd": { contentType: "application/dash+xml", cacheControl: SHORT_CACHE },
  ".m3u8": { contentType: "application/vnd.apple.mpegurl", cacheControl: SHORT_CACHE },
  ".vtt": { contentType: "text/vtt", cacheControl: SHORT_CACHE },
  ".mp4": { contentType: INIT_SEGMENT, cacheControl: IMMUTABLE_CACHE },
  ".jpg": { contentType: "image/jpeg", cacheControl: IMMUTABLE_CACHE },
  ".jpeg": { contentType: "image/jpeg", cacheControl: IMMUTABLE_CACHE },
};

/** Thrown for a file the packager produced that we do not know how to serve: better than a wrong type. */
export class UnknownFileTypeError extends Error {
  constructor(readonly path: string) {
    super(`no content type known for packaged file ${path}`);
    this.name = "UnknownFileTypeError";
  }
}

export function objectHeadersFor(relativePath: string): ObjectHeaders {
  const extension = extname(relativePath).toLowerCase();
  if (extension === ".m4s") {
    return { contentType: INIT_NAME.test(basename(relativePath)) ? INIT_SEGMENT : MEDIA_SEGMENT, cacheControl: IMMUTABLE_CACHE };
  }
  const headers = BY_EXTENSION[extension];
  if (!headers) throw new UnknownFileTypeError(relativePath);
  return headers;
}
