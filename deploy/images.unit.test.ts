import { readdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import images from "./images.json" with { type: "json" };

/**
 * Production code apart from the local stand-ins, checked rather than trusted: the files each production
 * entry reaches (esbuild's own resolution, as the bundles and wrangler see them) hold nothing from the
 * dev-only folders nor any test code, and each image's build stage copies exactly the folders its
 * entries reach.
 */
const DEV_ONLY = /^(local|test|bench|runtime-tests)\/|\/testing\/|\.test\.[cm]?[jt]s$|(^|\/)test-[^/]*$/;

// One entry per runtime; the folder also holds the Worker's generated bindings and their test.
const edgeEntries = readdirSync("edge/entries")
  .filter((f) => /^[a-z-]+\.ts$/.test(f))
  .map((f) => `edge/entries/${f}`);
const originEntries = readdirSync("origin", { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => `origin/${d.name}/main.ts`);
const productionEntries = [...edgeEntries, ...originEntries, "encoder/worker/main.ts"];

/** Every repo file an entry reaches through its imports; packages are followed no further. */
async function reached(entries: string[]): Promise<string[]> {
  const result = await build({
    entryPoints: entries,
    bundle: true,
    write: false,
    metafile: true,
    packages: "external",
    platform: "node",
    format: "esm",
    outdir: "graph",
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs);
}

const topFolders = (files: string[]) => [...new Set(files.map((f) => f.split("/")[0]!))].sort();

interface Stage {
  from: string;
  copies: { from?: string; sources: string[] }[];
}

/** The Dockerfile's stages and their COPY sources (the last argument is the destination). */
function stages(dockerfile: string): Stage[] {
  const result: Stage[] = [];
  for (const line of readFileSync(dockerfile, "utf8").split("\n")) {
    const words = line.trim().split(/\s+/);
    if (words[0] === "FROM") result.push({ from: words[1]!, copies: [] });
    if (words[0] !== "COPY") continue;
    const flags = words.slice(1).filter((w) => w.startsWith("--"));
    const args = words.slice(1).filter((w) => !w.startsWith("--"));
    const from = flags.find((f) => f.startsWith("--from="))?.slice("--from=".length);
    result.at(-1)!.copies.push({ from, sources: args.slice(0, -1) });
  }
  return result;
}

describe("production entries", () => {
  it("are found: four edge runtimes, every origin service, the encoder", () => {
    expect(edgeEntries).toHaveLength(4);
    expect(originEntries).toEqual(expect.arrayContaining(["origin/relay/main.ts", "origin/projector/main.ts", "origin/migrate/main.ts"]));
  });

  it.each(productionEntries)("%s reaches no dev-only file and no test code", async (entry) => {
    const files = await reached([entry]);
    expect(files.length).toBeGreaterThan(1);
    expect(files.filter((f) => DEV_ONLY.test(f))).toEqual([]);
  });

  it("the check itself catches a stand-in: the dev launcher reaches local/", async () => {
    expect((await reached(["local/launcher/dev.ts"])).some((f) => DEV_ONLY.test(f))).toBe(true);
  });
});

describe.each(Object.entries(images))("image %s", (name, image) => {
  const [build, runtime, ...more] = stages(image.dockerfile);

  it("bundles every origin or encoder entry there is (deploy/images.json is complete)", () => {
    const all = Object.values(images).flatMap((i) => Object.values(i.entries));
    expect(all.sort()).toEqual([...originEntries, "encoder/worker/main.ts"].sort());
  });

  it("copies into its build stage exactly what its entries reach, plus the bundler and its inputs", async () => {
    const folders = topFolders(await reached(Object.values(image.entries)));
    // An origin service never reaches encoder code or the edge, nor the reverse.
    expect(folders).toEqual(name === "vod-encoder" ? ["encoder", "shared"] : ["origin", "shared"]);
    const sources = build!.copies.flatMap((c) => c.sources).sort();
    const bundler = ["package.json", "package-lock.json", "tsconfig.json", "deploy/build-bundles.mjs", "deploy/images.json"];
    expect(sources).toEqual([...bundler, ...folders, ...image.assets].sort());
  });

  it("ships only the build stage's /app: two stages, nothing copied from the context into the runtime", () => {
    expect(more).toEqual([]);
    expect(build!.from).toMatch(/^node:24\.\d+\.\d+-\w+-slim$/);
    expect(runtime!.from).toMatch(/^node:24\.\d+\.\d+-\w+-slim$/);
    expect(runtime!.copies).toEqual([{ from: "build", sources: ["/app"] }]);
  });
});
