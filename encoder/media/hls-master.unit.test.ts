import { describe, expect, it } from "vitest";
import { parseHlsMaster } from "./hls-master.js";

describe("parseHlsMaster", () => {
  it("reads each variant's bandwidth, resolution, quoted codecs and URI", () => {
    const text = [
      "#EXTM3U",
      "#EXT-X-VERSION:7",
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_4",DEFAULT=YES,URI="media_4.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=3132925,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="group_A1"',
      "media_0.m3u8",
      "",
      '#EXT-X-STREAM-INF:BANDWIDTH=532925,RESOLUTION=426x240,CODECS="avc1.640015,mp4a.40.2",AUDIO="group_A1"',
      "media_3.m3u8",
    ].join("\n");
    expect(parseHlsMaster(text)).toEqual([
      { bandwidth: 3_132_925, width: 1280, height: 720, codecs: "avc1.64001f,mp4a.40.2", uri: "media_0.m3u8" },
      { bandwidth: 532_925, width: 426, height: 240, codecs: "avc1.640015,mp4a.40.2", uri: "media_3.m3u8" },
    ]);
  });
});
