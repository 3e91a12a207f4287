import { describe, expect, it } from "vitest";
import { resourceMatches } from "./resource-pattern.js";

describe("resourceMatches (CloudFront Resource wildcards)", () => {
  it.each([
    ["http://cdn.test/videos/v1/*", "http://cdn.test/videos/v1/720p/chunk-1.m4s?x=1", true],
    ["http://cdn.test/videos/v1/*", "http://cdn.test/videos/v1/", true],
    ["http://cdn.test/videos/v1/*", "http://cdn.test/videos/v10/a", false],
    ["http*://cdn.test/*.m4s", "https://cdn.test/videos/v1/a.m4s", true],
    ["http*://cdn.test/*.m4s", "https://cdn.test/videos/v1/a.mpd", false],
    ["http://cdn.test/videos/v?/a", "http://cdn.test/videos/v1/a", true],
    ["http://cdn.test/videos/v?/a", "http://cdn.test/videos/v12/a", false],
    ["http://cdn.test/a*b*c", "http://cdn.test/aXbYbZc", true],
    ["http://cdn.test/a*b*c", "http://cdn.test/aXbYcZ", false],
    ["http://cdn.test/Videos/*", "http://cdn.test/videos/v1", false],
    ["*", "anything at all", true],
  ])("%s against %s: %s", (pattern, url, expected) => {
    expect(resourceMatches(pattern, url)).toBe(expected);
  });
});
