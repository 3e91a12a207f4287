/**
 * Cache lifetimes of what an encode attempt stores. A revision folder is written once per attempt, so
 * every name in it is immutable once final; only a manifest that is still growing must be re-read.
 */
// Players re-read a growing manifest every segment (2 s); a cached copy may lag by at most this.
export const LIVE_MANIFEST_CACHE = "public, max-age=1";
// The finished manifest of a revision never changes; a day bounds what a CDN keeps after a delete.
export const FINAL_MANIFEST_CACHE = "public, max-age=86400";
