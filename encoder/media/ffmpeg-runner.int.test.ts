import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FfmpegError, runFfmpeg } from "./index.js";
import { tempDir } from "./test-media.js";

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  tmp = await tempDir("ffmpeg-runner-test");
});
afterAll(() => tmp?.remove());

const TEST_PATTERN = ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=3"];

describe("runFfmpeg", () => {
  it("reports growing progress that ends at exactly 1", async () => {
    const progress: number[] = [];
    await runFfmpeg([...TEST_PATTERN, "-c:v", "libx264", "-preset", "ultrafast", "-f", "null", "-"], {
      durationSeconds: 3,
      onProgress: (f) => progress.push(f),
    });
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, i) => i === 0 || f > (progress[i - 1] ?? 0))).toBe(true);
  });

  it("rejects with the exit code and the end of stderr", async () => {
    const err = await runFfmpeg(["-i", join(tmp.dir, "missing.mp4"), "-f", "null", "-"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegError);
    expect(err).toMatchObject({ exitCode: 1, stderrTail: expect.stringContaining("No such file or directory") });
  });

  it("rejects with no exit code when the binary cannot start", async () => {
    await expect(runFfmpeg(["-version"], { binary: join(tmp.dir, "no-ffmpeg") })).rejects.toMatchObject({
      name: "FfmpegError",
      exitCode: null,
    });
  });

  it("stops ffmpeg on abort and rejects with the signal's reason", async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 300);
    const endless = ["-re", "-f", "lavfi", "-i", "testsrc2", "-f", "null", "-"];
    await expect(runFfmpeg(endless, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("kills a process that ignores SIGTERM after a grace period", async () => {
    // Stands in for an ffmpeg stuck in a blocking write: `exec` keeps the ignored SIGTERM for sleep.
    const stuck = join(tmp.dir, "stuck-ffmpeg");
    await writeFile(stuck, "#!/bin/sh\ntrap '' TERM\nexec sleep 30\n");
    await chmod(stuck, 0o755);
    const started = performance.now();
    await expect(runFfmpeg([], { binary: stuck, signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(performance.now() - started).toBeLessThan(6_000);
  });
});
