import { describe, expect, it } from "vitest";
import { FfmpegError } from "../media/index.js";
import { isBadMedia } from "./download-failure.js";
import { MissingTrackError } from "./gather-track.js";
import { DamagedDownloadError } from "./verify-download.js";

describe("which download failures no retry can fix", () => {
  it("is the stored media: a track without segments, ffmpeg refusing the joined input, or a joined file that is not whole", () => {
    expect(isBadMedia(new DamagedDownloadError("the video track is 2 s long where its segments promise 4 s"))).toBe(true);
    expect(isBadMedia(new MissingTrackError("0"))).toBe(true);
    expect(isBadMedia(new MissingTrackError("0", "a segment is missing"))).toBe(true);
    expect(isBadMedia(new FfmpegError("ffmpeg exited with code 1", 1, "v.mp4: Invalid data found when processing input"))).toBe(true);
  });

  it("is not this worker's trouble: ffmpeg killed or not started, a full disk, no memory, storage or anything else", () => {
    expect(isBadMedia(new FfmpegError("ffmpeg was killed by SIGKILL", null, ""))).toBe(false);
    expect(isBadMedia(new FfmpegError("ffmpeg could not start (spawn ffmpeg ENOENT)", null, ""))).toBe(false);
    expect(isBadMedia(new FfmpegError("ffmpeg exited with code 1", 1, "out.mp4: No space left on device"))).toBe(false);
    expect(isBadMedia(new FfmpegError("ffmpeg exited with code 1", 1, "Cannot allocate memory"))).toBe(false);
    expect(isBadMedia(Object.assign(new Error("socket hang up"), { name: "TimeoutError" }))).toBe(false);
  });
});
