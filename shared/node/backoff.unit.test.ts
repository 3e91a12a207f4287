import { describe, expect, it } from "vitest";
import { doublingBackoff, retryDelayMs } from "./backoff.js";

describe("retry delay", () => {
  it("follows the schedule by attempt, capped at its last step, with up to 20 % jitter", () => {
    const delays = [5_000, 20_000, 60_000];
    expect([1, 2, 3, 4, 9].map((n) => retryDelayMs(n, delays, () => 0))).toEqual([5_000, 20_000, 60_000, 60_000, 60_000]);
    expect(retryDelayMs(1, delays, () => 1)).toBe(6_000);
  });

  it("counts an attempt below 1 as the first, and waits nothing on an empty schedule", () => {
    expect(retryDelayMs(0, [5_000, 20_000], () => 0)).toBe(5_000);
    expect(retryDelayMs(3, [], () => 1)).toBe(0);
  });

  it("doubles from the base and stops at the cap", () => {
    expect(doublingBackoff(1_000, 30_000)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000]);
    expect(doublingBackoff(500, 500)).toEqual([500]);
  });
});
