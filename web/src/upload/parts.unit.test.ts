import { describe, expect, it } from "vitest";
import { bytesAlreadySent, completionParts, partRanges, partsToSend } from "./parts.js";

const MiB = 1024 * 1024;

describe("part planning", () => {
  it("cuts a file into numbered ranges of the part size, the last one shorter", () => {
    expect(partRanges(12 * MiB + 5, 5 * MiB)).toEqual([
      { partNumber: 1, start: 0, end: 5 * MiB },
      { partNumber: 2, start: 5 * MiB, end: 10 * MiB },
      { partNumber: 3, start: 10 * MiB, end: 12 * MiB + 5 },
    ]);
    expect(partRanges(10 * MiB, 5 * MiB).map((r) => r.end - r.start)).toEqual([5 * MiB, 5 * MiB]);
    expect(() => partRanges(10, 0)).toThrow();
  });

  it("after an interruption, sends only parts without an ETag and counts the bytes already stored", () => {
    const ranges = partRanges(12 * MiB, 5 * MiB);
    const sent = { 1: '"a"', 3: '"c"' };
    expect(partsToSend(ranges, sent).map((r) => r.partNumber)).toEqual([2]);
    expect(bytesAlreadySent(ranges, sent)).toBe(5 * MiB + 2 * MiB);
    expect(partsToSend(ranges, {}).length).toBe(3);
  });

  it("lists every part in order for completion, and refuses while one is missing", () => {
    const ranges = partRanges(11 * MiB, 5 * MiB);
    expect(completionParts(ranges, { 3: '"c"', 1: '"a"', 2: '"b"' })).toEqual([
      { part_number: 1, etag: '"a"' },
      { part_number: 2, etag: '"b"' },
      { part_number: 3, etag: '"c"' },
    ]);
    expect(() => completionParts(ranges, { 1: '"a"', 3: '"c"' })).toThrow(/part 2/);
  });
});
