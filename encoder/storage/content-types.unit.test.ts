import { describe, expect, it } from "vitest";
import { IMMUTABLE_CACHE, SHORT_CACHE, UnknownFileTypeError, objectHeadersFor } from "./content-types.js";

describe("packaged file headers", () => {
  it.each([
    ["manifest.mpd", "application/dash+xml", SHORT_CACHE],
    ["master.m3u8", "application/vnd.apple.mpegurl", SHORT_CACHE],
    ["media_0.m3u8", "application/vnd.apple.mpegurl", SHORT_CACHE],
    ["init-0.m4s", "video/mp4", IMMUTABLE_CACHE],
    ["chunk-0-00001.m4s", "video/iso.segment", IMMUTABLE_CACHE],
    ["poster.jpg", "image/jpeg", IMMUTABLE_CACHE],
    ["storyboard.jpg", "image/jpeg", IMMUTABLE_CACHE],
    ["storyboard.vtt", "text/vtt", SHORT_CACHE],
  ])("%s is %s, %s", (file, contentType, cacheControl) => {
    expect(objectHeadersFor(file)).toEqual({ contentType, cacheControl });
  });

  it("refuses a file type it does not know rather than guess", () => {
    expect(() => objectHeadersFor("notes.txt")).toThrow(UnknownFileTypeError);
  });
});
