import { describe, expect, it } from "vitest";
import type { VideoStatus } from "../../../shared/contracts/video-lifecycle.js";
import { canWatchWhileEncoding } from "../watch-now.js";
import {
  badgeFor,
  canResumeAt,
  keepPolling,
  mayStartAt,
  pollDelayMs,
  processingLabel,
  RECOVERING_TEXT,
  recoveringText,
  watchStep,
  type PlayerMode,
  type WatchedVideo,
} from "./progressive.js";
import { seekEnd } from "./seek-bar.js";

const MPD = "https://edge.example/videos/vid_1/manifest.mpd?token=t";
const video = (status: VideoStatus, progress = 0, playable = false, error: string | null = null): WatchedVideo => ({
  status,
  progress,
  playable,
  error,
});
const processing = (progress: number, playable = true) => video("processing", progress, playable);

describe("the watch page of a video being encoded", () => {
  it("waits with the encode's progress until the first segments are stored, then plays from the start", () => {
    expect(watchStep(video("queued"), null, "none")).toEqual({ kind: "wait", text: "Queued for encoding" });
    expect(watchStep(processing(3, false), null, "none")).toEqual({ kind: "wait", text: "Processing 3%" });
    expect(watchStep(processing(4), MPD, "none")).toEqual({ kind: "play" });
    expect(watchStep(video("ready", 100, true), MPD, "none")).toEqual({ kind: "play" });
    // Playable without a manifest URL to play (an older edge) is nothing to play yet.
    expect(watchStep(processing(4), null, "none")).toEqual({ kind: "wait", text: "Processing 4%" });
  });

  it("keeps playing into the finished video, with the progress over the picture until it is ready", () => {
    expect(watchStep(processing(40), MPD, "playing")).toEqual({ kind: "keep-playing" });
    expect(badgeFor(processing(40))).toBe("Processing 40%");
    expect(watchStep(video("ready", 100, true), MPD, "playing")).toEqual({ kind: "keep-playing" });
    expect(badgeFor(video("ready", 100, true))).toBeNull();
  });

  it("sees a restarted encode in a video no longer playable", () => {
    expect(watchStep(processing(55, false), null, "playing")).toEqual({ kind: "recover" });
    expect(watchStep(processing(55), MPD, "playing")).toEqual({ kind: "keep-playing" });
  });

  it("while recovering, checks the manifest once the video is playable again, and says why it waits", () => {
    expect(watchStep(processing(2, false), null, "recovering")).toEqual({ kind: "wait", text: RECOVERING_TEXT });
    expect(watchStep(processing(9), MPD, "recovering")).toEqual({ kind: "check-manifest" });
    expect(watchStep(video("ready", 100, true), MPD, "recovering")).toEqual({ kind: "check-manifest" });
    expect(recoveringText(12.4, 31)).toBe("Encoding restarted; playback resumes when it catches up (0:12 of 0:31).");
    expect(recoveringText(40, 31)).toBe("Encoding restarted; playback resumes when it catches up (0:31 of 0:31).");
  });

  it("stops at a failure, whatever it was doing", () => {
    for (const mode of ["none", "playing", "recovering"] as PlayerMode[]) {
      expect(watchStep(video("failed", 30, false, "the source has no video stream"), null, mode)).toEqual({
        kind: "stop",
        text: "Failed: the source has no video stream",
      });
    }
    expect(watchStep(video("awaiting_upload"), null, "none")).toEqual({ kind: "stop", text: "Waiting for the upload to finish" });
  });

  it("polls while the encode runs or playback waits to resume, not once the video is ready", () => {
    expect(keepPolling(processing(3, false), { kind: "wait", text: "" }, "none")).toBe(true);
    expect(keepPolling(processing(50), { kind: "keep-playing" }, "playing")).toBe(true);
    expect(keepPolling(video("ready", 100, true), { kind: "keep-playing" }, "playing")).toBe(false);
    expect(keepPolling(video("ready", 100, true), { kind: "play" }, "playing")).toBe(false);
    expect(keepPolling(video("ready", 100, true), { kind: "check-manifest" }, "recovering")).toBe(true);
    expect(keepPolling(video("failed"), { kind: "stop", text: "" }, "recovering")).toBe(false);
  });

  it("starts a growing manifest once it lists anything past the start (its 1 s first segment will do), a finished one at once", () => {
    expect(mayStartAt(0, true, 0)).toBe(false);
    expect(mayStartAt(0.1, true, 0.1)).toBe(false);
    expect(mayStartAt(0.1, true, 1)).toBe(true);
    expect(mayStartAt(0, false, 0)).toBe(true);
  });

  it("resumes at the last position once the new encode has got past it, or finished", () => {
    expect(canResumeAt(30, { growing: true, seconds: 30 })).toBe(false);
    expect(canResumeAt(30, { growing: true, seconds: 31 })).toBe(true);
    expect(canResumeAt(0, { growing: true, seconds: 0 })).toBe(false);
    expect(canResumeAt(59.5, { growing: false, seconds: 60 })).toBe(true);
    expect(canResumeAt(5, null)).toBe(false);
  });

  it("asks often while the first segments of a video are on their way, at an easy pace otherwise", () => {
    expect(pollDelayMs(video("queued"), "none", 0)).toBe(500);
    expect(pollDelayMs(video("processing", 3), "none", 4_000)).toBe(500);
    // Playing, or playable: the player has what it needs.
    expect(pollDelayMs(video("processing", 20, true), "playing", 5_000)).toBe(2_000);
    expect(pollDelayMs(video("processing", 20, true), "none", 5_000)).toBe(2_000);
    // Nothing more is coming soon: a failed or finished video, a request that failed, half a minute in a queue.
    expect(pollDelayMs(video("failed"), "none", 0)).toBe(2_000);
    expect(pollDelayMs(null, "none", 0)).toBe(2_000);
    expect(pollDelayMs(video("queued"), "none", 30_000)).toBe(2_000);
    // Recovering from a restarted encode checks the manifest at the usual pace.
    expect(pollDelayMs(video("processing", 40), "recovering", 1_000)).toBe(2_000);
  });

  it("labels the progress rounded down, so 100% only shows when it is done", () => {
    expect([processingLabel(0), processingLabel(42.9), processingLabel(99.99), processingLabel(100), processingLabel(-3)]).toEqual([
      "Processing 0%",
      "Processing 42%",
      "Processing 99%",
      "Processing 100%",
      "Processing 0%",
    ]);
  });
});

describe("seeking a video being encoded", () => {
  const ranges = (...pairs: [number, number][]) => ({ length: pairs.length, end: (i: number) => pairs[i]![1] });
  it("reaches what exists while the duration is unknown (Infinity), the duration once it is known", () => {
    expect(seekEnd(Infinity, ranges([0, 14.2]))).toBe(14.2);
    expect(seekEnd(Infinity, ranges())).toBe(0);
    expect(seekEnd(NaN, ranges([0, 4], [6, 9]))).toBe(9);
    expect(seekEnd(60.04, ranges([0, 14.2]))).toBe(60.04);
  });
});

describe("Watch now in the library and upload pages", () => {
  it("is offered for a video being encoded whose first segments are stored", () => {
    const base = { id: "vid_1", title: "Clip" };
    expect(canWatchWhileEncoding({ ...base, status: "processing", playable: true })).toBe(true);
    expect(canWatchWhileEncoding({ ...base, status: "processing", playable: false })).toBe(false);
    // A ready video is simply watched: its title is the link.
    expect(canWatchWhileEncoding({ ...base, status: "ready", playable: true })).toBe(false);
  });
});
