import { describe, expect, it } from "vitest";
import { qualityOptions } from "./quality.js";
import { cueAt, parseStoryboard } from "./storyboard.js";

const vtt = `WEBVTT

00:00:00.000 --> 00:00:02.000
https://cdn.example/videos/vid_1/storyboard.jpg?Policy=p&Signature=s#xywh=0,0,160,90

00:00:02.000 --> 00:00:04.000
https://cdn.example/videos/vid_1/storyboard.jpg?Policy=p&Signature=s#xywh=160,0,160,90

00:01:04.000 --> 00:01:05.500
https://cdn.example/videos/vid_1/storyboard.jpg?Policy=p&Signature=s#xywh=320,90,160,90
`;

describe("storyboard previews", () => {
  it("reads each cue's time range, signed sprite URL and region", () => {
    const cues = parseStoryboard(vtt);
    expect(cues).toHaveLength(3);
    expect(cues[0]).toEqual({
      start: 0,
      end: 2,
      url: "https://cdn.example/videos/vid_1/storyboard.jpg?Policy=p&Signature=s",
      x: 0,
      y: 0,
      width: 160,
      height: 90,
    });
    expect(cues[2]).toMatchObject({ start: 64, end: 65.5, x: 320, y: 90 });
  });

  it("finds the cue for a time, the last one past the end, none for an empty storyboard", () => {
    const cues = parseStoryboard(vtt);
    expect(cueAt(cues, 2.5)?.x).toBe(160);
    expect(cueAt(cues, 99)?.x).toBe(320);
    expect(cueAt([], 1)).toBeNull();
    expect(parseStoryboard("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nno-fragment.jpg\n")).toEqual([]);
  });
});

describe("quality menu", () => {
  it("names representations by height and bitrate, best first", () => {
    expect(
      qualityOptions([
        { id: "3", height: 240, bandwidth: 400_000 },
        { id: "0", height: 720, bandwidth: 3_000_000 },
        { id: "1", height: 480, bandwidth: 1_400_000 },
      ]),
    ).toEqual([
      { id: "0", label: "720p · 3.0 Mbps" },
      { id: "1", label: "480p · 1.4 Mbps" },
      { id: "3", label: "240p · 0.40 Mbps" },
    ]);
  });
});
