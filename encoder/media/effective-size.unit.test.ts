import { describe, expect, it } from "vitest";
import { frameSsims } from "./effective-size.js";

describe("frameSsims", () => {
  it("reads the All figure of every frame of an ssim stats file, in order", () => {
    const stats = ["n:1 Y:0.999 U:0.998 V:0.997 All:0.998000 (26.989700)", "n:2 Y:0.995 U:0.994 V:0.993 All:0.994000 (22.218487)"].join(
      "\n",
    );
    expect(frameSsims(stats)).toEqual([0.998, 0.994]);
    expect(frameSsims("")).toEqual([]);
  });
});
