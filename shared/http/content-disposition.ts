/** Longest title part of a download's name; the extension comes on top. */
export const MAX_FILENAME_STEM = 120;
const FALLBACK_STEM = "video";

/**
 * A file name from a video's title: no control characters, quotes, slashes or characters Windows refuses,
 * whitespace folded, at most MAX_FILENAME_STEM characters, never empty.
 */
export function downloadFilename(title: string, extension: string): string {
  const stem = title
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}"\\/:*?<>|]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const cut = Array.from(stem).slice(0, MAX_FILENAME_STEM).join("").trim();
  return `${cut || FALLBACK_STEM}.${extension}`;
}

/**
 * `attachment` with the name twice (RFC 6266): `filename` in ASCII for old clients (anything else
 * replaced by `_`), `filename*` in UTF-8 for the rest.
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const utf8 = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}
