import { describe, expect, it } from "vitest";
import { mediaInfo } from "./testing/media-info.js";
import { planStoryboard, posterSeconds, storyboardVtt } from "./thumbnails.js";

const media = (durationSeconds: number, width = 1920, height = 1080) => mediaInfo({ durationSeconds, width, height });

describe("storyboard", () => {
  it("takes a 160 px tile every 2 s for short videos, in rows of at most 10", () => {
    expect(planStoryboard(media(60))).toEqual({ intervalSeconds: 2, count: 30, columns: 10, rows: 3, tileWidth: 160, tileHeight: 90 });
    expect(planStoryboard(media(6, 720, 1280))).toMatchObject({ count: 3, columns: 3, rows: 1, tileHeight: 284 });
  });

  it("stays at 100 tiles or fewer for long videos, and has at least one", () => {
    const hour = planStoryboard(media(3600));
    expect(hour.count).toBeLessThanOrEqual(100);
    expect(hour.intervalSeconds).toBe(36);
    expect(planStoryboard(media(0.4)).count).toBe(1);
  });

  it("does not count the few frames of audio priming past the video as one more tile", () => {
    expect(planStoryboard(media(6.014)).count).toBe(3);
    expect(planStoryboard(media(6.5)).count).toBe(4);
  });

  it("writes WebVTT cues that cover the whole duration and point at each tile", () => {
    const plan = planStoryboard(media(25));
    const vtt = storyboardVtt(plan, 25);
    expect(vtt.startsWith("WEBVTT\n\n")).toBe(true);
    const cues = vtt.trim().split("\n\n").slice(1);
    expect(cues).toHaveLength(13);
    expect(cues[0]).toBe("00:00:00.000 --> 00:00:02.000\nstoryboard.jpg#xywh=0,0,160,90");
    expect(cues[11]).toBe("00:00:22.000 --> 00:00:24.000\nstoryboard.jpg#xywh=160,90,160,90");
    expect(cues[12]).toBe("00:00:24.000 --> 00:00:25.000\nstoryboard.jpg#xywh=320,90,160,90");
  });
});

describe("poster", () => {
  it("is taken at 10 % of the duration, at most 5 s in", () => {
    expect(posterSeconds(media(20))).toBe(2);
    expect(posterSeconds(media(600))).toBe(5);
  });
});
