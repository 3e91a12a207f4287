import { describe, expect, it } from "vitest";
import { isPosterImage } from "./seed-thumbnail.js";

describe("which uploaded thumbnails may become a poster", () => {
  it("takes JPEG and PNG by their first bytes, nothing else", () => {
    expect(isPosterImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe(true);
    expect(isPosterImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(true);
    for (const text of ["<svg/>", "GIF89a", "RIFF....WEBP", ""]) expect(isPosterImage(new TextEncoder().encode(text)), text).toBe(false);
  });
});
