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

describe("cursors from a hostile client", () => {
  const forge = (at: string, id: string) => btoa(JSON.stringify([at, id]));

  it("refuse dates Postgres cannot compare, and ids no video can have", () => {
    for (const at of ["+275760-09-13T00:00:00.000Z", "-000001-01-01T00:00:00Z", "10000-01-01T00:00:00Z"])
      expect(decodeCursor(forge(at, "vid_abc")), at).toBeNull();
    for (const id of ["vid_a\u0000b", "vid_a\nb", "x".repeat(300), ""])
      expect(decodeCursor(forge("2026-01-01T00:00:00Z", id)), JSON.stringify(id)).toBeNull();
  });
});
