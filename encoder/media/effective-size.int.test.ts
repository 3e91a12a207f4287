import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planLadderForSource, probeMedia } from "./index.js";
import { ffmpegCli, makeClip, tempDir } from "./test-media.js";

let tmp: Awaited<ReturnType<typeof tempDir>>;
const file = (name: string) => join(tmp.dir, name);

beforeAll(async () => {
  tmp = await tempDir("effective-size-test");
  await Promise.all([
    makeClip(file("sharp.mp4"), { width: 1280, height: 720, seconds: 2 }),
    // What a phone's 240p export looks like once an editor scaled it up to 720p for upload.
    ffmpegCli([
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=426x240:rate=30:duration=2,scale=1280:720:flags=bicubic",
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-crf",
      "18",
      "-pix_fmt",
      "yuv420p",
      file("upscaled.mp4"),
    ]),
    // Its one keyframe black: a fade-in from black, as many videos start.
    ffmpegCli([
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=426x240:rate=30:duration=2,scale=1280:720:flags=bicubic,fade=in:st=0:d=1",
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-pix_fmt",
      "yuv420p",
      file("fade-in.mp4"),
    ]),
  ]);
});
afterAll(() => tmp?.remove());

describe("the picture's real size (adaptive ladder)", () => {
  it("plans no rung above what an upscaled picture holds", async () => {
    const info = await probeMedia(file("upscaled.mp4"));
    const plan = await planLadderForSource(file("upscaled.mp4"), info, {}, tmp.dir);
    expect(plan.checkFailed).toBeUndefined();
    // A round trip through 240p itself is not lossless (the upscale's kernel), so 360p stays.
    expect(plan.effectiveShortSide).toBe(360);
    expect(plan.rungs.map((r) => `${r.width}x${r.height}`)).toEqual(["640x360", "426x240"]);
  });

  it("keeps every rung of a sharp picture, and the fixed ladder never looks", async () => {
    const info = await probeMedia(file("sharp.mp4"));
    const plan = await planLadderForSource(file("sharp.mp4"), info, {}, tmp.dir);
    expect(plan.effectiveShortSide).toBeUndefined();
    expect(plan.rungs.map((r) => r.name)).toEqual(["720p", "480p", "360p", "240p"]);
    const upscaled = await probeMedia(file("upscaled.mp4"));
    const fixed = await planLadderForSource(file("upscaled.mp4"), upscaled, { mode: "fixed" }, tmp.dir);
    expect(fixed.rungs.map((r) => r.name)).toEqual(["720p", "480p", "360p", "240p"]);
  });

  it("judges nothing by flat frames: a start with only a black keyframe keeps every rung", async () => {
    const info = await probeMedia(file("fade-in.mp4"));
    const plan = await planLadderForSource(file("fade-in.mp4"), info, {}, tmp.dir);
    expect(plan.checkFailed).toBeUndefined();
    expect(plan.rungs.map((r) => r.name)).toEqual(["720p", "480p", "360p", "240p"]);
  });

  it("falls back to the whole ladder when the picture cannot be read", async () => {
    const info = await probeMedia(file("sharp.mp4"));
    const plan = await planLadderForSource(file("missing.mp4"), info, {}, tmp.dir);
    expect(plan.checkFailed).toBeDefined();
    expect(plan.rungs.map((r) => r.name)).toEqual(["720p", "480p", "360p", "240p"]);
  });
});
