import { describe, expect, it } from "vitest";
import { BadMediaError } from "./media-info.js";
import { mediaInfoFromProbe, REASONS, type ProbeStream } from "./probe-output.js";

const video = (extra: Partial<ProbeStream> = {}): ProbeStream => ({
  codec_type: "video",
  codec_name: "h264",
  width: 1920,
  height: 1080,
  avg_frame_rate: "30000/1001",
  r_frame_rate: "30000/1001",
  ...extra,
});
const audio: ProbeStream = { codec_type: "audio", codec_name: "aac" };
const info = (streams: ProbeStream[], duration = "12.5") => mediaInfoFromProbe({ format: { duration }, streams });
const reasonOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof BadMediaError ? err.reason : `not a BadMediaError: ${String(err)}`;
  }
  return "no error";
};

describe("mediaInfoFromProbe", () => {
  it("reads size, duration, codec, frame rate and audio", () => {
    expect(info([video(), audio])).toEqual({
      durationSeconds: 12.5,
      width: 1920,
      height: 1080,
      rotation: 0,
      hasAudio: true,
      videoCodec: "h264",
      frameRate: 30000 / 1001,
    });
    expect(info([video()]).hasAudio).toBe(false);
  });

  it("turns the display matrix's counter-clockwise angle into a clockwise rotation and swaps the size", () => {
    const matrix = (rotation: number) => video({ side_data_list: [{ side_data_type: "Display Matrix", rotation }] });
    expect(info([matrix(-90)])).toMatchObject({ rotation: 90, width: 1080, height: 1920 });
    expect(info([matrix(90)])).toMatchObject({ rotation: 270, width: 1080, height: 1920 });
    expect(info([matrix(180)])).toMatchObject({ rotation: 180, width: 1920, height: 1080 });
  });

  it("falls back to the legacy clockwise rotate tag", () => {
    expect(info([video({ tags: { rotate: "90" } })])).toMatchObject({ rotation: 90, width: 1080, height: 1920 });
    expect(info([video({ tags: { rotate: "-90" } })])).toMatchObject({ rotation: 270 });
  });

  it("applies a non-square sample aspect ratio to the display width", () => {
    expect(info([video({ width: 720, height: 480, sample_aspect_ratio: "32:27" })])).toMatchObject({ width: 853, height: 480 });
    expect(info([video({ sample_aspect_ratio: "0:1" })])).toMatchObject({ width: 1920 });
  });

  it("uses r_frame_rate, then a default, when the average frame rate is unknown", () => {
    expect(info([video({ avg_frame_rate: "0/0", r_frame_rate: "25/1" })]).frameRate).toBe(25);
    expect(info([video({ avg_frame_rate: "0/0", r_frame_rate: "90000/1" })]).frameRate).toBe(30);
  });

  it("refuses files without a usable video stream, in words the owner can read", () => {
    expect(reasonOf(() => info([audio]))).toBe(REASONS.noVideo);
    const coverArt = video({ codec_name: "mjpeg", disposition: { attached_pic: 1 } });
    expect(reasonOf(() => info([audio, coverArt]))).toBe(REASONS.noVideo);
    expect(reasonOf(() => info([video({ codec_name: undefined })]))).toBe(REASONS.undecodable);
    expect(reasonOf(() => info([video({ width: 0 })]))).toBe(REASONS.undecodable);
    expect(reasonOf(() => info([video()], "0.000000"))).toBe(REASONS.noDuration);
    expect(reasonOf(() => mediaInfoFromProbe({ streams: [video()] }))).toBe(REASONS.noDuration);
  });
});
