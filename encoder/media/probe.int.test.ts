import { writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadMediaError, probeMedia } from "./index.js";
import { REASONS } from "./probe-output.js";
import { ffmpegCli, makeClip, makeRotated, tempDir } from "./test-media.js";

let tmp: Awaited<ReturnType<typeof tempDir>>;
const file = (name: string) => join(tmp.dir, name);
const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (err: unknown) => (err instanceof BadMediaError ? err.reason : `not a BadMediaError: ${String(err)}`),
  );

beforeAll(async () => {
  tmp = await tempDir("probe-test");
  await Promise.all([
    makeClip(file("with-audio.mp4"), { width: 640, height: 360, seconds: 2, audio: true }),
    makeClip(file("silent.mp4"), { width: 320, height: 240, seconds: 2, fps: 25 }),
    writeFile(file("random.mp4"), randomBytes(64 * 1024)),
    ffmpegCli(["-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", file("audio-only.m4a")]),
    // An mp3 with cover art has a video stream, but it is one picture, not a video.
    ffmpegCli([
      "-f",
      "lavfi",
      "-i",
      "sine=duration=1",
      "-f",
      "lavfi",
      "-i",
      "color=size=64x64:duration=1",
      "-map",
      "0",
      "-map",
      "1",
      "-c:v",
      "mjpeg",
      "-frames:v",
      "1",
      "-disposition:v",
      "attached_pic",
      file("cover-art.mp3"),
    ]),
  ]);
  await makeRotated(file("rotated.mp4"), file("with-audio.mp4"), 90);
});
afterAll(() => tmp?.remove());

describe("probeMedia", () => {
  it("describes a normal file with audio", async () => {
    const info = await probeMedia(file("with-audio.mp4"));
    expect(info).toMatchObject({ width: 640, height: 360, rotation: 0, hasAudio: true, videoCodec: "h264", frameRate: 30 });
    expect(info.durationSeconds).toBeGreaterThan(1.9);
    expect(info.durationSeconds).toBeLessThan(2.2);
  });

  it("reports a file without audio", async () => {
    expect(await probeMedia(file("silent.mp4"))).toMatchObject({ width: 320, height: 240, hasAudio: false, frameRate: 25 });
  });

  it("gives the display size of a rotated file", async () => {
    // See makeRotated: ffmpeg 5.1 writes rotate=90 as a quarter turn the other way, still portrait.
    expect(await probeMedia(file("rotated.mp4"))).toMatchObject({ width: 360, height: 640, rotation: 270, hasAudio: true });
  });

  it("refuses random bytes named .mp4", async () => {
    expect(await reasonOf(probeMedia(file("random.mp4")))).toBe(REASONS.unreadable);
  });

  it("refuses audio-only files, cover art included", async () => {
    expect(await reasonOf(probeMedia(file("audio-only.m4a")))).toBe(REASONS.noVideo);
    expect(await reasonOf(probeMedia(file("cover-art.mp3")))).toBe(REASONS.noVideo);
  });

  it("keeps a missing file or a missing ffprobe out of BadMediaError: they are not the upload's fault", async () => {
    await expect(probeMedia(file("nope.mp4"))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(probeMedia(file("silent.mp4"), { ffprobe: "/nonexistent/ffprobe" })).rejects.toMatchObject({ code: "ENOENT" });
    await expect(probeMedia(file("silent.mp4"), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
  });
});
