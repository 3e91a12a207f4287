import { describe, expect, it } from "vitest";
import { ProgressParser, progressFraction } from "./progress-parser.js";

const block = (outTime: string, progress: "continue" | "end") =>
  `frame=10\nfps=0.00\nout_time_us=${outTime}\nout_time_ms=${outTime}\nout_time=00:00:00.000000\nspeed=1x\nprogress=${progress}\n`;

describe("ProgressParser", () => {
  it("reports one update per complete block, with the output position in microseconds", () => {
    const p = new ProgressParser();
    expect(p.push(block("500000", "continue") + block("1500000", "continue"))).toEqual([
      { outTimeUs: 500_000, end: false },
      { outTimeUs: 1_500_000, end: false },
    ]);
  });

  it("waits for the rest of a block split across chunks", () => {
    const p = new ProgressParser();
    const text = block("2000000", "end");
    const cut = text.indexOf("out_time_us=") + 14;
    expect(p.push(text.slice(0, cut))).toEqual([]);
    expect(p.push(text.slice(cut))).toEqual([{ outTimeUs: 2_000_000, end: true }]);
  });

  it("leaves the position out while ffmpeg prints N/A, and reads CRLF lines", () => {
    const p = new ProgressParser();
    expect(p.push("out_time_us=N/A\r\nprogress=continue\r\n")).toEqual([{ end: false }]);
    expect(p.push("progress=end\n")).toEqual([{ end: true }]);
  });
});

describe("progressFraction", () => {
  it("divides the position by the duration, clamped below 1 until ffmpeg has finished", () => {
    expect(progressFraction(3_000_000, 6)).toBe(0.5);
    expect(progressFraction(-23_000, 6)).toBe(0);
    expect(progressFraction(6_200_000, 6)).toBeLessThan(1);
    expect(progressFraction(1_000_000, 0)).toBe(0);
  });
});
