import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHlsMaster } from "./hls-master.js";
import { packageVideo, planLadder, probeMedia, type LadderOptions } from "./index.js";
import { ffmpegCli, ffprobeJson, makeClip, tempDir } from "./test-media.js";

let tmp: Awaited<ReturnType<typeof tempDir>>;
const file = (name: string) => join(tmp.dir, name);

async function encode(source: string, outName: string, ladder: LadderOptions) {
  const info = await probeMedia(source);
  const rungs = planLadder(info, ladder);
  const result = await packageVideo({ source, outDir: file(outName), info, rungs });
  const mpd = await readFile(join(result.dir, result.manifest), "utf8");
  const variants = parseHlsMaster(await readFile(join(result.dir, result.hlsMaster), "utf8"));
  return { info, rungs, result, mpd, variants };
}

/** Bits per second of representation `id` from the files on disk, independent of the code under test. */
async function bitsPerSecond(dir: string, id: number, seconds: number): Promise<number> {
  const names = (await readdir(dir)).filter((n) => n === `init-${id}.m4s` || n.startsWith(`chunk-${id}-`));
  const bytes = (await Promise.all(names.map((n) => stat(join(dir, n))))).reduce((sum, s) => sum + s.size, 0);
  return (bytes * 8) / seconds;
}

const representations = (mpd: string) =>
  [...mpd.matchAll(/<Representation id="(\d+)"[^>]*codecs="([^"]+)" bandwidth="(\d+)"/g)].map((m) => ({
    id: Number(m[1]),
    codecs: m[2]!,
    bandwidth: Number(m[3]),
  }));

beforeAll(async () => {
  tmp = await tempDir("adaptive-ladder-test");
  await Promise.all([
    makeClip(file("pattern.mp4"), { width: 640, height: 360, seconds: 3, audio: true }),
    ffmpegCli([
      "-f",
      "lavfi",
      "-i",
      "color=c=0x808080:s=1280x720:r=30:d=2",
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-pix_fmt",
      "yuv420p",
      file("flat.mp4"),
    ]),
  ]);
});
afterAll(() => tmp?.remove());

describe("the adaptive ladder (default)", () => {
  it("declares what each rung measured: HLS AVERAGE-BANDWIDTH the average with audio, peaks in BANDWIDTH and DASH @bandwidth, under the ceilings", async () => {
    const { info, rungs, result, mpd, variants } = await encode(file("pattern.mp4"), "pattern", {});
    expect(variants.map((v) => `${v.width}x${v.height}`)).toEqual(["640x360", "426x240"]);
    const audio = await bitsPerSecond(result.dir, rungs.length, info.durationSeconds);
    const reps = representations(mpd);
    for (const [i, rung] of rungs.entries()) {
      const video = await bitsPerSecond(result.dir, i, info.durationSeconds);
      expect(video / 1000, rung.name).toBeLessThanOrEqual(rung.maxrateKbps);
      expect(variants[i]!.averageBandwidth! / (video + audio), rung.name).toBeCloseTo(1, 1);
      expect(variants[i]!.bandwidth, rung.name).toBeGreaterThanOrEqual(variants[i]!.averageBandwidth!);
      expect(reps[i]!.bandwidth, rung.name).toBeGreaterThanOrEqual(video);
      // The ceiling was declared while encoding; the final manifest names the measured figure instead.
      expect(reps[i]!.bandwidth, rung.name).not.toBe(rung.videoKbps * 1000);
    }
    expect(result.renditions.map((r) => r.bitrate_kbps)).toEqual(variants.map((v) => Math.round(v.averageBandwidth! / 1000)));
  });

  it("drops rungs that cost no less than the rung above (a flat picture), keeping the top one, in both manifests", async () => {
    const { rungs, result, mpd, variants } = await encode(file("flat.mp4"), "flat", {});
    expect(rungs).toHaveLength(4);
    const kept = result.rungs.filter((r) => r.kept).map((r) => r.rung.name);
    expect(kept[0]).toBe("720p");
    expect(kept.length).toBeLessThan(rungs.length);
    expect(variants.map((v) => `${v.height}p`)).toEqual(kept);
    expect(representations(mpd).map((r) => r.id)).toEqual(result.rungs.flatMap((r, i) => (r.kept ? [i] : [])));
    const probed = await ffprobeJson(join(result.dir, result.manifest), ["-show_entries", "stream=height"]);
    expect((probed.streams as { height: number }[]).map((s) => `${s.height}p`).sort()).toEqual([...kept].sort());
  });

  it("encodes the fixed ladder on request, at the rungs' bitrates", async () => {
    const { result, variants } = await encode(file("flat.mp4"), "flat-fixed", { mode: "fixed" });
    expect(result.rungs.every((r) => r.kept && !r.rung.adaptive && r.rung.qpMin === undefined)).toBe(true);
    expect(variants).toHaveLength(4);
  });
});

describe("AV1 rungs (ENCODER_AV1=true)", () => {
  it("lists H.264 and AV1 rungs in separate DASH adaptation sets and as HLS variants, and the AV1 rungs decode", async () => {
    const { result, mpd, variants } = await encode(file("pattern.mp4"), "av1", { av1: true });
    const sets = [...mpd.matchAll(/<AdaptationSet[^>]*contentType="(\w+)"[^>]*>([\s\S]*?)<\/AdaptationSet>/g)].map((m) => ({
      type: m[1],
      codecs: [...(m[2] ?? "").matchAll(/codecs="([^".]+)/g)].map((c) => c[1]),
    }));
    expect(sets).toEqual([
      { type: "video", codecs: ["avc1", "avc1"] },
      { type: "video", codecs: ["av01", "av01"] },
      { type: "audio", codecs: ["mp4a"] },
    ]);
    expect(variants.map((v) => v.codecs.split(".")[0])).toEqual(["avc1", "avc1", "av01", "av01"]);
    expect(variants.every((v) => v.codecs.endsWith(",mp4a.40.2"))).toBe(true);
    const av1Playlist = join(result.dir, variants[2]!.uri);
    const probed = await ffprobeJson(av1Playlist, [
      "-count_frames",
      "-select_streams",
      "v:0",
      "-show_entries",
      "stream=codec_name,width,height,nb_read_frames",
    ]);
    expect(probed.streams).toEqual([{ codec_name: "av1", width: 640, height: 360, nb_read_frames: "90" }]);
  });
});
