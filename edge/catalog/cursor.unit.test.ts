import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor.js";

describe("keyset cursors", () => {
  it("round-trip the timestamp and id, URL-safe", () => {
    const cursor = { at: new Date("2026-11-30T05:00:00.123Z"), id: "vid_abc" };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it("refuse anything else", () => {
    for (const bad of ["", "not-base64!", btoa("[1,2]"), btoa('["nope","vid"]'), btoa("{}")]) expect(decodeCursor(bad)).toBeNull();
  });
});
