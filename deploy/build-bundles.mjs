// `node deploy/build-bundles.mjs <image> <out-dir>`: one self-contained ESM file per entry of the image
// (deploy/images.json), plus the files it reads at run time, laid out as the image's /app. The
// Dockerfiles run this; deploy/bundles.int.test.ts runs it too and starts what it wrote.
import { cp, mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const images = JSON.parse(await readFile(join(root, "deploy", "images.json"), "utf8"));
const [name, outArg] = process.argv.slice(2);
const image = images[name];
if (!image || !outArg) {
  console.error(`usage: node deploy/build-bundles.mjs <${Object.keys(images).join("|")}> <out-dir>`);
  process.exit(2);
}
const outDir = resolve(outArg);
await mkdir(outDir, { recursive: true });

await build({
  entryPoints: Object.entries(image.entries).map(([out, entry]) => ({ out, in: join(root, entry) })),
  outdir: outDir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  // The oldest Node in engines: the images run 24, and the bundle test also runs on the machines' 20.
  target: "node20",
  // Every package goes inside: the image then needs no node_modules, and nothing the entries do not reach.
  // Optional native add-ons that pg and ws try inside a try/catch stay out (they are not installed).
  external: ["pg-native", "bufferutil", "utf-8-validate"],
  // CommonJS packages inside an ESM bundle still call require() for Node's built-ins.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  legalComments: "none",
  logLevel: "warning",
});
for (const asset of image.assets) await cp(join(root, asset), join(outDir, asset), { recursive: true });
console.log(
  `${name}: ${Object.keys(image.entries)
    .map((e) => `${e}.mjs`)
    .join(", ")}${image.assets.length ? ` + ${image.assets.join(", ")}` : ""} in ${outDir}`,
);
