import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./backoff.js";

describe("retry delay", () => {
  it("follows the schedule by delivery count, capped at its last step, with up to 20 % jitter", () => {
    const delays = [5_000, 20_000, 60_000];
    expect([1, 2, 3, 4, 9].map((n) => retryDelayMs(n, delays, () => 0))).toEqual([5_000, 20_000, 60_000, 60_000, 60_000]);
    expect(retryDelayMs(1, delays, () => 1)).toBe(6_000);
  });
});
