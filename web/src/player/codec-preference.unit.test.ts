import { describe, expect, it } from "vitest";
import { codecFamily, preferEfficientCodec } from "./codec-preference.js";

const video = (codec: string, id: string) => ({ type: "video", codec: `video/mp4;codecs="${codec}"`, id });

describe("codecFamily", () => {
  it("reads the family from dash.js's mime type with codecs, or from a bare codecs string", () => {
    expect(codecFamily('video/mp4;codecs="av01.0.05M.08"')).toBe("av01");
    expect(codecFamily("avc1.64001e")).toBe("avc1");
    expect(codecFamily('video/mp4; codecs="hvc1.1.6.L93.B0"')).toBe("hvc1");
    expect(codecFamily(null)).toBe("");
    expect(codecFamily("video/mp4")).toBe("");
  });
});

describe("preferEfficientCodec", () => {
  it("keeps the AV1 video track when the browser decodes both, whatever bits the manifest declares", () => {
    const h264 = video("avc1.64001e", "0");
    const av1 = video("av01.0.01M.08", "1");
    expect(preferEfficientCodec([h264, av1])).toEqual([av1]);
  });

  it("keeps H.264 when it is all the browser decodes (dash.js has dropped the AV1 set)", () => {
    const h264 = video("avc1.64001e", "0");
    expect(preferEfficientCodec([h264])).toEqual([h264]);
  });

  it("puts tracks of an unknown codec last, and leaves audio tracks as dash.js gave them", () => {
    const h264 = video("avc1.64001e", "0");
    expect(preferEfficientCodec([video("xyz1.0", "1"), h264])).toEqual([h264]);
    const audio = [
      { type: "audio", codec: 'audio/mp4;codecs="opus"', id: "a" },
      { type: "audio", codec: 'audio/mp4;codecs="mp4a.40.2"', id: "b" },
    ];
    expect(preferEfficientCodec(audio)).toEqual(audio);
  });
});
