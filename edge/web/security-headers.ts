/**
 * Headers for the web app's files, the same on every runtime: the Node, Bun and Deno entries add them
 * when they serve a file; on Workers the build writes them into `_headers`, which Workers assets applies.
 *
 * The CSP allows scripts and styles from the app's own origin only (no inline code), so injected markup
 * cannot run. Media, images and requests may also go to the storage and CDN origins, which differ per
 * deployment: any https origin, and loopback for local development.
 */
const remote = "https: http://127.0.0.1:* http://localhost:*";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' data: blob: ${remote}`,
  `media-src 'self' blob: ${remote}`,
  `connect-src 'self' ${remote}`,
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const WEB_SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
};

/** Built files carry a content hash in their name, so they never change: cache them for good. */
export const IMMUTABLE_PREFIX = "/assets/";
export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";
/** index.html and other unhashed files: always revalidate (Workers assets sends the same). */
export const REVALIDATE_CACHE = "public, max-age=0, must-revalidate";
