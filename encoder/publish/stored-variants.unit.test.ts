import { describe, expect, it } from "vitest";
import { parseHlsMaster } from "../media/hls-master.js";
import { storedVariantsOnly } from "./stored-variants.js";

// As ffmpeg 5.1's dash muxer writes it for two H.264 rungs, two AV1 rungs and the audio.
const MASTER = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_4",DEFAULT=YES,URI="media_4.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=934400,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="group_A1"
media_0.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=534400,RESOLUTION=426x240,CODECS="avc1.640015,mp4a.40.2",AUDIO="group_A1"
media_1.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=737400,RESOLUTION=640x360,CODECS="av01.0.01M.08,mp4a.40.2",AUDIO="group_A1"
media_2.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=334400,RESOLUTION=426x240,CODECS="av01.0.00M.08,mp4a.40.2",AUDIO="group_A1"
media_3.m3u8
`;
const storedOf =
  (...names: string[]) =>
  (n: string) =>
    names.includes(n);

describe("storedVariantsOnly", () => {
  it("lists the variants whose playlists are stored, so the last AV1 rung's late playlist holds nothing back", () => {
    const master = storedVariantsOnly(MASTER, storedOf("media_0.m3u8", "media_1.m3u8", "media_2.m3u8", "media_4.m3u8"));
    expect(master).not.toBeNull();
    expect(parseHlsMaster(master!).map((v) => `${v.uri} ${v.codecs}`)).toEqual([
      "media_0.m3u8 avc1.64001e,mp4a.40.2",
      "media_1.m3u8 avc1.640015,mp4a.40.2",
      "media_2.m3u8 av01.0.01M.08,mp4a.40.2",
    ]);
    expect(master).toContain('URI="media_4.m3u8"');
    expect(master).not.toContain("media_3.m3u8");
    expect(master).not.toContain("av01.0.00M.08");
  });

  it("is the master unchanged once every playlist is stored", () => {
    expect(storedVariantsOnly(MASTER, () => true)).toBe(MASTER);
  });

  it("is nothing to store while the audio playlist or every variant's is missing", () => {
    expect(storedVariantsOnly(MASTER, storedOf("media_0.m3u8", "media_1.m3u8"))).toBeNull();
    expect(storedVariantsOnly(MASTER, storedOf("media_4.m3u8"))).toBeNull();
  });
});
