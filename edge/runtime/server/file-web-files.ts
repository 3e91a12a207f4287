import { readFile, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { WebFiles } from "../../web/index.js";

/** Where `npm run dev` and the tests build the web app (scripts: web/build.ts). */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL("../../../web/dist/", import.meta.url));

/**
 * The built web app read from disk, for the Node, Bun and Deno entries (each has node:fs). On Workers,
 * Cloudflare serves the same directory itself (wrangler.toml [assets]).
 */
export function fileWebFiles(directory = DEFAULT_WEB_DIST): WebFiles {
  const root = resolve(directory);
  return async (name) => {
    const path = resolve(join(root, name));
    if (!path.startsWith(root + sep)) return null;
    try {
      const info = await stat(path);
      if (!info.isFile()) return null;
      const body = new Uint8Array(await readFile(path));
      return { body, etag: `W/"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"` };
    } catch {
      return null;
    }
  };
}
