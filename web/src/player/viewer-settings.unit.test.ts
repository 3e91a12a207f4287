import { describe, expect, it } from "vitest";
import { startingRepresentation } from "./viewer-settings.js";

const ladder = [
  { id: "2", width: 854, height: 480 },
  { id: "0", width: 1920, height: 1080 },
  { id: "1", width: 1280, height: 720 },
];

describe("the starting quality from default_quality", () => {
  it("is automatic for auto", () => {
    expect(startingRepresentation(ladder, "auto")).toBeNull();
  });
  it("picks the rung asked for, else the best below it, else the smallest", () => {
    expect(startingRepresentation(ladder, "720p")).toBe("1");
    expect(startingRepresentation(ladder, "1440p")).toBe("0");
    expect(startingRepresentation(ladder, "360p")).toBe("2");
  });
  it("names a portrait video's rungs by their short side", () => {
    expect(
      startingRepresentation(
        [
          { id: "0", width: 720, height: 1280 },
          { id: "1", width: 480, height: 854 },
        ],
        "720p",
      ),
    ).toBe("0");
  });
});
