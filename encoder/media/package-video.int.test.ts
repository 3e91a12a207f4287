import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageVideo, planLadder, probeMedia, type PackagedVideo } from "./index.js";
import { ffprobeJson, makeClip, makeRotated, tempDir } from "./test-media.js";

interface Representation {
  contentType: string;
  attrs: Record<string, string>;
  template: Record<string, string>;
  segments: number;
  /** Each segment's duration in seconds, from the SegmentTimeline, rounded to 0.1 s. */
  durations: number[];
}

const attributes = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

/** Enough of the MPD to check it: a regex walk over AdaptationSet > Representation > SegmentTemplate. */
function readMpd(xml: string): Representation[] {
  expect(xml).toMatch(/^<\?xml[^>]*\?>\s*<MPD[\s\S]*<\/MPD>\s*$/);
  expect(xml).toContain('type="static"');
  return [...xml.matchAll(/<AdaptationSet([^>]*)>([\s\S]*?)<\/AdaptationSet>/g)].flatMap((set) =>
    [...(set[2] ?? "").matchAll(/<Representation([^>]*)>([\s\S]*?)<\/Representation>/g)].map((rep) => {
      const body = rep[2] ?? "";
      const template = attributes(body.match(/<SegmentTemplate([^>]*)>/)?.[1] ?? "");
      const timescale = Number(template.timescale ?? 1);
      const durations = [...body.matchAll(/<S\b([^>]*)\/>/g)].flatMap((s) => {
        const a = attributes(s[1] ?? "");
        return Array<number>(1 + Number(a.r ?? 0)).fill(Math.round((Number(a.d) / timescale) * 10) / 10);
      });
      return {
        contentType: attributes(set[1] ?? "").contentType ?? "",
        attrs: attributes(rep[1] ?? ""),
        template,
        segments: durations.length,
        durations,
      };
    }),
  );
}

/** Every file the SegmentTemplate and SegmentTimeline of a representation imply. */
function impliedFiles(rep: Representation): string[] {
  const id = rep.attrs.id ?? "";
  const fill = (t: string, n: number) =>
    t.replace("$RepresentationID$", id).replace(/\$Number%0(\d+)d\$/, (_, w: string) => String(n).padStart(Number(w), "0"));
  const start = Number(rep.template.startNumber ?? 1);
  return [
    fill(rep.template.initialization ?? "", 0),
    ...Array.from({ length: rep.segments }, (_, i) => fill(rep.template.media ?? "", start + i)),
  ];
}

async function streamsOf(path: string) {
  const out = await ffprobeJson(path, ["-show_entries", "stream=codec_type,codec_name,width,height"]);
  return (out.streams as { codec_type: string; width?: number; height?: number }[]).map((s) =>
    s.codec_type === "video" ? `${s.width}x${s.height}` : s.codec_type,
  );
}

let tmp: Awaited<ReturnType<typeof tempDir>>;
const file = (name: string) => join(tmp.dir, name);

async function packageFile(source: string, outName: string, onProgress?: (f: number) => void) {
  const info = await probeMedia(source);
  const rungs = planLadder(info);
  const result = await packageVideo({ source, outDir: file(outName), info, rungs, onProgress });
  const reps = readMpd(await readFile(join(result.dir, result.manifest), "utf8"));
  return { info, rungs, result, reps };
}

beforeAll(async () => {
  tmp = await tempDir("package-test");
  await Promise.all([
    makeClip(file("landscape.mp4"), { width: 1280, height: 720, seconds: 6, audio: true }),
    makeClip(file("silent.mp4"), { width: 640, height: 360, seconds: 2 }),
    makeClip(file("portrait.mp4"), { width: 360, height: 640, seconds: 2, audio: true }),
    makeClip(file("sideways.mp4"), { width: 640, height: 360, seconds: 2, audio: true }),
    makeClip(file("long.mp4"), { width: 1280, height: 720, seconds: 20 }),
  ]);
  await makeRotated(file("rotated.mp4"), file("sideways.mp4"), 90);
});
afterAll(() => tmp?.remove());

describe("packageVideo on a 6 s 1280x720 source with audio", () => {
  let result: PackagedVideo;
  let reps: Representation[];
  const progress: number[] = [];

  beforeAll(async () => {
    ({ result, reps } = await packageFile(file("landscape.mp4"), "landscape", (f) => progress.push(f)));
  });

  it("lists 4 video representations, 720p down to 240p, and 1 audio in one MPD", () => {
    const video = reps.filter((r) => r.contentType === "video");
    expect(video.map((r) => `${r.attrs.width}x${r.attrs.height}`)).toEqual(["1280x720", "854x480", "640x360", "426x240"]);
    expect(video.every((r) => r.attrs.codecs?.startsWith("avc1.64"))).toBe(true);
    expect(reps.filter((r) => r.contentType === "audio").map((r) => r.attrs.codecs)).toEqual(["mp4a.40.2"]);
  });

  it("has every init and media segment the MPD's templates and timelines imply: a 1 s first segment, then 2 s ones", () => {
    for (const rep of reps) {
      for (const name of impliedFiles(rep)) expect(result.files, `${name} of representation ${rep.attrs.id}`).toContain(name);
    }
    // The same keyframe grid in every rung, so a player can switch at any segment.
    for (const rep of reps.filter((r) => r.contentType === "video")) expect(rep.durations).toEqual([1, 2, 2, 1]);
    const audio = reps.find((r) => r.contentType === "audio")!;
    // Audio is cut every second (its first segment a little shorter: the encoder's priming; its last what is left).
    expect(audio.durations.length).toBeGreaterThanOrEqual(6);
    expect(audio.durations.slice(0, -1).every((d) => d >= 0.8 && d <= 1.1)).toBe(true);
    const segmentFiles = result.files.filter((f) => f.endsWith(".m4s"));
    expect(segmentFiles.sort()).toEqual(reps.flatMap(impliedFiles).sort());
  });

  it("lists the same 4 renditions in master.m3u8, with RESOLUTION and CODECS, over the same segments", async () => {
    const master = await readFile(join(result.dir, result.hlsMaster), "utf8");
    const inf = master.split("\n").filter((l) => l.startsWith("#EXT-X-STREAM-INF:"));
    expect(inf.map((l) => l.match(/RESOLUTION=(\d+x\d+)/)?.[1])).toEqual(["1280x720", "854x480", "640x360", "426x240"]);
    expect(inf.every((l) => /CODECS="avc1\.64[0-9a-f]{4},mp4a\.40\.2"/.test(l))).toBe(true);
    for (const playlist of result.files.filter((f) => /^media_\d+\.m3u8$/.test(f))) {
      const text = await readFile(join(result.dir, playlist), "utf8");
      const uris = [...text.matchAll(/URI="([^"]+)"/g)].map((m) => m[1]).concat(text.split("\n").filter((l) => l.endsWith(".m4s")));
      for (const uri of uris) expect(result.files, `${uri} in ${playlist}`).toContain(uri);
    }
  });

  it("reports the renditions for the encoded event", () => {
    expect(result.renditions).toHaveLength(4);
    expect(result.renditions[0]).toMatchObject({
      width: 1280,
      height: 720,
      codecs: expect.stringMatching(/^avc1\.64[0-9a-f]{4},mp4a\.40\.2$/),
    });
    expect(result.renditions.every((r) => Number.isInteger(r.bitrate_kbps) && r.bitrate_kbps > 128)).toBe(true);
  });

  it("can be opened by ffprobe through manifest.mpd and through master.m3u8", async () => {
    const expected = ["1280x720", "854x480", "640x360", "426x240", "audio"];
    expect((await streamsOf(join(result.dir, result.manifest))).sort()).toEqual([...expected].sort());
    expect(new Set(await streamsOf(join(result.dir, result.hlsMaster)))).toEqual(new Set(expected));
  });

  it("writes a poster at the top rung's size and a storyboard sprite with a WebVTT track", async () => {
    for (const name of [result.poster, result.storyboard ?? ""]) {
      const bytes = await readFile(join(result.dir, name));
      expect([...bytes.subarray(0, 3)], name).toEqual([0xff, 0xd8, 0xff]);
    }
    expect(await streamsOf(join(result.dir, result.poster))).toEqual(["1280x720"]);
    expect(await streamsOf(join(result.dir, result.storyboard ?? ""))).toEqual(["480x90"]);
    const vtt = await readFile(join(result.dir, result.storyboardVtt ?? ""), "utf8");
    expect(vtt.startsWith("WEBVTT\n")).toBe(true);
    const cues = [...vtt.matchAll(/^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n(.+)$/gm)];
    expect(cues.map((c) => c[3])).toEqual([0, 160, 320].map((x) => `storyboard.jpg#xywh=${x},0,160,90`));
    expect(cues[0]?.[1]).toBe("00:00:00.000");
  });

  it("lists every file it wrote, and nothing else", () => {
    for (const name of [result.manifest, result.hlsMaster, result.poster, result.storyboard, result.storyboardVtt]) {
      expect(result.files).toContain(name);
    }
    expect(result.files.every((f) => existsSync(join(result.dir, f)))).toBe(true);
    expect(result.files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("reports monotonic progress ending at 1", () => {
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1] ?? 0);
    expect(progress.every((f) => f >= 0 && f <= 1)).toBe(true);
  });
});

describe("packageVideo on other sources", () => {
  it("makes no audio representation for a source without audio", async () => {
    const { reps, result } = await packageFile(file("silent.mp4"), "silent");
    expect(reps.map((r) => r.contentType)).toEqual(["video", "video"]); // 360p and 240p
    expect(result.renditions.map((r) => r.codecs).every((c) => !c.includes("mp4a"))).toBe(true);
  });

  it("keeps a portrait source portrait", async () => {
    const { reps } = await packageFile(file("portrait.mp4"), "portrait");
    expect(reps.filter((r) => r.contentType === "video").map((r) => `${r.attrs.width}x${r.attrs.height}`)).toEqual(["360x640", "240x426"]);
  });

  it("turns a rotated source upright, so every rendition is portrait and carries no rotation", async () => {
    const { reps, result } = await packageFile(file("rotated.mp4"), "rotated");
    expect(reps.filter((r) => r.contentType === "video").map((r) => `${r.attrs.width}x${r.attrs.height}`)).toEqual(["360x640", "240x426"]);
    const init = await ffprobeJson(join(result.dir, "init-0.m4s"), ["-show_streams"]);
    expect(JSON.stringify(init)).not.toContain("Display Matrix");
    expect(await streamsOf(join(result.dir, result.poster))).toEqual(["360x640"]);
  });

  it("stops ffmpeg promptly when aborted", async () => {
    const source = file("long.mp4");
    const info = await probeMedia(source);
    const controller = new AbortController();
    let abortedAt = 0;
    const run = packageVideo({
      source,
      outDir: file("aborted"),
      info,
      rungs: planLadder(info),
      signal: controller.signal,
      onProgress: () => {
        if (abortedAt) return;
        abortedAt = performance.now();
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    expect(abortedAt).toBeGreaterThan(0);
    expect(performance.now() - abortedAt).toBeLessThan(5_000);
  });
});
