/** The only prefix the distribution serves; sources under `uploads/` must never be reachable. */
export const SERVED_PATH_PREFIX = "/videos/";

const DOT_SEGMENTS = new Set(["", ".", ".."]);

/**
 * The S3 key a request path names, or null when no served object can have that name. The URL parser
 * already resolved literal dot segments; this refuses the encoded ones (`%2F..%2F`), which S3 would
 * take literally but a file-backed local store might resolve outside the signed video's prefix.
 */
export function objectKeyFor(pathname: string): string | null {
  if (!pathname.startsWith(SERVED_PATH_PREFIX)) return null;
  let key: string;
  try {
    key = decodeURIComponent(pathname.slice(1));
  } catch {
    return null;
  }
  return key.split("/").some((segment) => DOT_SEGMENTS.has(segment)) ? null : key;
}
