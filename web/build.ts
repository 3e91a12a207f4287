import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { IMMUTABLE_CACHE, IMMUTABLE_PREFIX, WEB_SECURITY_HEADERS } from "../edge/web/security-headers.js";

/**
 * Builds the web app into web/dist: web/src bundled by esbuild (a dependency of wrangler and tsx, used
 * through its JS API) into content-hashed files under assets/, dash.js copied beside them (loaded only by
 * the watch page), index.html pointing at both, web/public copied as is, and `_headers` for Workers assets.
 * The API reference is `docs.html` (served at /docs, as Workers assets serves `<name>.html` at `/<name>`)
 * with web/docs bundled the same way and Swagger UI's files from swagger-ui-dist under a versioned folder.
 *
 * Files are written only when their content changed and stale ones removed, so a build that changes
 * nothing does not make a running `wrangler dev` reload, and two builds at once write the same bytes.
 */
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
export const WEB_DIST = join(here, "dist");

async function dashFile(): Promise<{ name: string; body: Uint8Array }> {
  const pkg = join(root, "node_modules", "dashjs");
  const { version } = JSON.parse(await readFile(join(pkg, "package.json"), "utf8")) as { version: string };
  return { name: `assets/dash.all.min-${version}.js`, body: await readFile(join(pkg, "dist", "modern", "umd", "dash.all.min.js")) };
}

/** Swagger UI as swagger-ui-dist ships it: a versioned folder, so the files may be cached for good. */
async function swaggerFiles(): Promise<{ js: string; css: string; files: Map<string, Uint8Array> }> {
  const pkg = join(root, "node_modules", "swagger-ui-dist");
  const { version } = JSON.parse(await readFile(join(pkg, "package.json"), "utf8")) as { version: string };
  const folder = `assets/swagger-ui-${version}`;
  const files = new Map<string, Uint8Array>();
  for (const name of ["swagger-ui-bundle.js", "swagger-ui.css"]) files.set(`${folder}/${name}`, await readFile(join(pkg, name)));
  return { js: `/${folder}/swagger-ui-bundle.js`, css: `/${folder}/swagger-ui.css`, files };
}

function headersFile(): string {
  const lines = [
    "/*",
    ...Object.entries(WEB_SECURITY_HEADERS).map(([k, v]) => `  ${k}: ${v}`),
    `${IMMUTABLE_PREFIX}*`,
    `  Cache-Control: ${IMMUTABLE_CACHE}`,
  ];
  return lines.join("\n") + "\n";
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

async function writeIfChanged(path: string, body: Uint8Array | string): Promise<boolean> {
  const bytes = typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
  const current = await readFile(path).catch(() => null);
  if (current && current.equals(bytes)) return false;
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
  return true;
}

export async function buildWeb(
  opts: { outDir?: string; log?: (line: string) => void } = {},
): Promise<{ files: string[]; changed: number; ms: number }> {
  const started = Date.now();
  const outDir = opts.outDir ?? WEB_DIST;
  const [dash, swagger] = await Promise.all([dashFile(), swaggerFiles()]);
  const result = await build({
    entryPoints: {
      app: join(here, "src", "main.ts"),
      styles: join(here, "src", "styles.css"),
      docs: join(here, "docs", "docs.ts"),
      "docs-styles": join(here, "docs", "docs.css"),
    },
    bundle: true,
    minify: true,
    format: "esm",
    target: ["chrome100", "firefox100", "safari15"],
    outdir: join(outDir, "assets"),
    entryNames: "[name]-[hash]",
    sourcemap: "linked",
    write: false,
    metafile: true,
    define: { __DASH_URL__: JSON.stringify(`/${dash.name}`) },
    logLevel: "silent",
  });
  const outputs = new Map<string, Uint8Array | string>(result.outputFiles.map((f) => [relative(outDir, f.path), f.contents]));
  // The name, then esbuild's hash alone: "docs" must not find "docs-styles-<hash>.css".
  const entry = (name: string) => [...outputs.keys()].find((k) => new RegExp(`^assets/${name}-[A-Z0-9]+\\.(js|css)$`).test(k))!;

  const template = await readFile(join(here, "index.html"), "utf8");
  outputs.set("index.html", template.replace("%APP_JS%", `/${entry("app")}`).replace("%STYLES_CSS%", `/${entry("styles")}`));
  outputs.set(dash.name, dash.body);
  const docs = await readFile(join(here, "docs", "docs.html"), "utf8");
  outputs.set(
    "docs.html",
    docs
      .replace("%SWAGGER_JS%", swagger.js)
      .replace("%SWAGGER_CSS%", swagger.css)
      .replace("%DOCS_JS%", `/${entry("docs")}`)
      .replace("%DOCS_CSS%", `/${entry("docs-styles")}`),
  );
  for (const [name, body] of swagger.files) outputs.set(name, body);
  for (const name of await listFiles(join(here, "public"))) outputs.set(name, await readFile(join(here, "public", name)));
  outputs.set("_headers", headersFile());

  let changed = 0;
  for (const [name, body] of outputs) if (await writeIfChanged(join(outDir, name), body)) changed += 1;
  for (const name of await listFiles(outDir)) {
    if (!outputs.has(name) && !name.endsWith(".tmp")) await rm(join(outDir, name), { force: true });
  }
  const ms = Date.now() - started;
  opts.log?.(`web: built ${outputs.size} files into ${relative(root, outDir)} (${changed} changed) in ${ms} ms`);
  return { files: [...outputs.keys()], changed, ms };
}

// `npx tsx web/build.ts`
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWeb({ log: console.log });
}
