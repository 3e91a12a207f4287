import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { EdgeEnv } from "../http/index.js";
import { IMMUTABLE_CACHE, IMMUTABLE_PREFIX, REVALIDATE_CACHE, WEB_SECURITY_HEADERS } from "./security-headers.js";
import { isApiPath } from "./web-paths.js";

/** One built file of the web app, as the runtime reads it. */
export interface WebFile {
  body: Uint8Array<ArrayBuffer>;
  /** Changes whenever the content does (size and modification time are enough for files we build). */
  etag: string;
}

/** Reads `web/dist/<name>`; null when there is no such file. Node, Bun and Deno read the disk; tests, memory. */
export type WebFiles = (name: string) => Promise<WebFile | null>;

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  map: "application/json; charset=utf-8",
  json: "application/json; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  txt: "text/plain; charset=utf-8",
  webmanifest: "application/manifest+json",
};

export const contentTypeOf = (name: string) => TYPES[name.slice(name.lastIndexOf(".") + 1).toLowerCase()] ?? "application/octet-stream";

/**
 * The file a URL path names, or null for paths that cannot name one of our files: encoded separators,
 * `..`, dot-files and `_headers` (Workers-only metadata). "/" is index.html.
 */
export function fileNameOf(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (/[\\\0]/.test(decoded)) return null;
  const segments = decoded.split("/").filter(Boolean);
  if (segments.some((s) => s.startsWith(".")) || segments[0] === "_headers") return null;
  return segments.length === 0 ? "index.html" : segments.join("/");
}

function send(c: Context, file: WebFile, type: string, cache: string) {
  const headers: Record<string, string> = { ...WEB_SECURITY_HEADERS, "Cache-Control": cache, ETag: file.etag };
  if (c.req.header("if-none-match") === file.etag) return c.body(null, 304, headers);
  return c.body(file.body, 200, { ...headers, "Content-Type": type });
}

/** The file a name gives, or `<name>.html` (`/docs` is docs.html), as Workers assets' default `html_handling` finds it. */
async function fileAt(files: WebFiles, name: string | null): Promise<{ name: string; file: WebFile } | null> {
  if (name === null) return null;
  for (const candidate of name.includes(".") ? [name] : [name, `${name}.html`]) {
    const file = await files(candidate);
    if (file) return { name: candidate, file };
  }
  return null;
}

/**
 * The web app from the same origin as the API, as Workers assets serves it with
 * `not_found_handling = "single-page-application"`: a GET or HEAD outside the API paths gets the file it
 * names, or index.html so that client routes such as /watch/<id> load the app. API paths fall through to
 * the API's JSON 404. Mounted after every API route.
 */
export function webAppRoutes(files: WebFiles) {
  return new OpenAPIHono<EdgeEnv>().get("*", async (c, next) => {
    if (isApiPath(c.req.path)) return next();
    const found = await fileAt(files, fileNameOf(c.req.path));
    if (found)
      return send(c, found.file, contentTypeOf(found.name), c.req.path.startsWith(IMMUTABLE_PREFIX) ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
    const index = await files("index.html");
    // Not built: nothing to serve, so the usual 404.
    if (!index) return next();
    return send(c, index, TYPES.html!, REVALIDATE_CACHE);
  });
}
