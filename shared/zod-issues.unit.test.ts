import { z } from "zod";
import { describe, expect, it } from "vitest";
import { describeIssues } from "./zod-issues.js";

describe("zod issue lines", () => {
  const schema = z.object({ video: z.object({ id: z.string(), size: z.number().int().min(1) }), title: z.string() });

  it("names a missing value as required and keeps zod's message for a wrong one, by dotted path", () => {
    const input = { video: { size: 0 } };
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(describeIssues(result.error!, input)).toEqual([
      "video.id is required",
      "video.size: Too small: expected number to be >=1",
      "title is required",
    ]);
  });

  it("names the input itself (root) when it is not an object at all", () => {
    const result = schema.safeParse("text");
    expect(describeIssues(result.error!, "text")).toEqual(["(root): Invalid input: expected object, received string"]);
  });
});
