import { describe, expect, it } from "vitest";
import { formatTimeLeft } from "../format.js";
import { RateMeter } from "./rate.js";

describe("upload speed and time left", () => {
  it("measures over a sliding window and predicts the time left", () => {
    let now = 0;
    const meter = new RateMeter(5_000, () => now);
    meter.sample(0);
    expect(meter.bytesPerSecond()).toBeNull();
    for (let t = 1; t <= 10; t += 1) {
      now = t * 1000;
      meter.sample(t * 1_000_000);
    }
    expect(meter.bytesPerSecond()).toBeCloseTo(1_000_000);
    expect(meter.secondsLeft(30_000_000)).toBeCloseTo(30);
    expect(meter.secondsLeft(0)).toBe(0);
    expect(formatTimeLeft(meter.secondsLeft(30_000_000))).toBe("30 s left");
    // The window forgets the slow start: a faster second phase shows at once.
    for (let t = 11; t <= 16; t += 1) {
      now = t * 1000;
      meter.sample(10_000_000 + (t - 10) * 4_000_000);
    }
    expect(meter.bytesPerSecond()).toBeCloseTo(4_000_000);
  });
});
