import { describe, expect, it } from "vitest";
import { DEFAULT_LADDER, planLadder, type Rung } from "./ladder.js";
import type { MediaInfo } from "./media-info.js";
import { mediaInfo } from "./testing/media-info.js";

const source = (width: number, height: number, extra: Partial<MediaInfo> = {}) => mediaInfo({ width, height, ...extra });
const sizes = (rungs: Rung[]) => rungs.map((r) => `${r.width}x${r.height}`);

describe("planLadder", () => {
  it("gives a 1080p landscape source every default rung, highest first, named by height", () => {
    const rungs = planLadder(source(1920, 1080));
    expect(sizes(rungs)).toEqual(["1920x1080", "1280x720", "854x480", "640x360", "426x240"]);
    expect(rungs.map((r) => r.name)).toEqual(["1080p", "720p", "480p", "360p", "240p"]);
    expect(rungs.map((r) => r.videoKbps)).toEqual(DEFAULT_LADDER.map((s) => s.videoKbps));
  });

  it("never upscales: a 720p source starts at 720p", () => {
    expect(sizes(planLadder(source(1280, 720)))).toEqual(["1280x720", "854x480", "640x360", "426x240"]);
  });

  it("treats the short side as the height for portrait sources", () => {
    const rungs = planLadder(source(720, 1280));
    expect(sizes(rungs)).toEqual(["720x1280", "480x854", "360x640", "240x426"]);
    expect(rungs.map((r) => r.name)).toEqual(["720p", "480p", "360p", "240p"]);
  });

  it("plans on the display size of a rotated source (probe reports it after rotation)", () => {
    const rotated = planLadder(source(720, 1280, { rotation: 90 }));
    expect(sizes(rotated)).toEqual(["720x1280", "480x854", "360x640", "240x426"]);
  });

  it("gives a tiny source one rung at its own size", () => {
    const rungs = planLadder(source(160, 90));
    expect(rungs).toHaveLength(1);
    expect(rungs[0]).toMatchObject({ name: "90p", width: 160, height: 90 });
    expect(rungs[0]!.videoKbps).toBeLessThan(400);
  });

  it("makes every dimension even, rounding a source's odd size down", () => {
    const rungs = planLadder(source(853, 479));
    expect(sizes(rungs)).toEqual(["852x478", "642x360", "428x240"]);
    for (const r of [...rungs, ...planLadder(source(1279, 719)), ...planLadder(source(161, 91))]) {
      expect(r.width % 2, `${r.width}x${r.height}`).toBe(0);
      expect(r.height % 2, `${r.width}x${r.height}`).toBe(0);
    }
  });

  it("never exceeds the source in either dimension", () => {
    for (const [w, h] of [
      [1920, 1080],
      [1000, 562],
      [853, 479],
      [2560, 1080],
      [1080, 1920],
      [1440, 1080],
      [640, 480],
    ] as const) {
      for (const r of planLadder(source(w, h))) {
        expect(r.width).toBeLessThanOrEqual(w);
        expect(r.height).toBeLessThanOrEqual(h);
      }
    }
  });

  it("adds a rung at the source's size between two steps, but not when it is barely above the lower one", () => {
    expect(sizes(planLadder(source(1000, 562)))).toEqual(["1000x562", "854x480", "640x360", "428x240"]);
    expect(sizes(planLadder(source(1300, 732)))).toEqual(["1278x720", "852x480", "640x360", "426x240"]);
  });

  it("scales the bitrate down for a rung with fewer pixels than its nominal 16:9 size, never up", () => {
    const fourByThree = planLadder(source(960, 720))[0]!;
    expect(fourByThree).toMatchObject({ width: 960, height: 720, videoKbps: 2250 });
    const between = planLadder(source(1000, 562))[0]!; // capped from the 720p step
    expect(between.videoKbps).toBe(Math.round((3000 * 1000 * 562) / (1280 * 720)));
    const cinema = planLadder(source(2560, 1080))[0]!;
    expect(cinema).toMatchObject({ width: 2560, height: 1080, videoKbps: 5000 });
  });

  it("sets VBV maxrate to 1.1x and bufsize to 2x the average, and audio only when the source has some", () => {
    const [top] = planLadder(source(1280, 720), { mode: "fixed" });
    expect(top).toMatchObject({ videoKbps: 3000, maxrateKbps: 3300, bufsizeKbps: 6000, audioKbps: 128 });
    expect(top).toMatchObject({ adaptive: false });
    expect(top?.qpMin).toBeUndefined();
    expect(planLadder(source(1280, 720, { hasAudio: false })).every((r) => r.audioKbps === 0)).toBe(true);
  });

  it("accepts a custom ladder in any order", () => {
    const rungs = planLadder(source(1920, 1080), {
      steps: [
        { height: 360, videoKbps: 700 },
        { height: 720, videoKbps: 2500 },
      ],
    });
    expect(rungs.map((r) => [r.name, r.videoKbps])).toEqual([
      ["720p", 2500],
      ["360p", 700],
    ]);
  });

  it("is adaptive by default: the fixed rung's rate control plus a quality floor, finer for smaller pictures", () => {
    const adaptive = planLadder(source(1920, 1080));
    const fixed = planLadder(source(1920, 1080), { mode: "fixed" });
    for (const [i, r] of adaptive.entries()) {
      const { adaptive: isAdaptive, qpMin, ...rate } = r;
      const { adaptive: isFixedAdaptive, ...fixedRate } = fixed[i]!;
      expect([isAdaptive, isFixedAdaptive]).toEqual([true, false]);
      // Content that never reaches the floor is encoded exactly as the fixed rung is: never more bits.
      expect(rate).toEqual(fixedRate);
      expect(qpMin).toBeGreaterThan(0);
      expect(fixed[i]!.qpMin).toBeUndefined();
    }
    const floors = adaptive.map((r) => r.qpMin!);
    expect(floors).toEqual([...floors].sort((a, b) => b - a));
    expect(floors[0]).toBeGreaterThan(floors[floors.length - 1]!);
  });

  it("caps each AV1 rung's CRF so that its most bits over the video (start of buffer + maxrate × duration) are the H.264 rung's", () => {
    for (const seconds of [1, 10, 60]) {
      const rungs = planLadder(source(1920, 1080, { durationSeconds: seconds }), { av1: true });
      const h264 = rungs.filter((r) => r.codec === "h264");
      for (const [i, r] of rungs.filter((r) => r.codec === "av1").entries()) {
        expect(r.crf).toBeGreaterThan(0);
        expect(r.qpMin).toBeUndefined();
        expect(r.videoKbps).toBe(h264[i]!.videoKbps);
        const most = r.initialBufferKbits! + r.maxrateKbps * seconds;
        expect(most).toBeLessThanOrEqual(h264[i]!.videoKbps * seconds);
        expect(r.initialBufferKbits).toBeGreaterThan(0);
      }
    }
  });

  it("plans no rung above the picture's real size, and no rung at the frame's own size beside it", () => {
    expect(sizes(planLadder(source(1920, 1080), { effectiveShortSide: 720 }))).toEqual(["1280x720", "854x480", "640x360", "426x240"]);
    // Between two steps, the frame's own size would be a rung: not when the picture is smaller than the frame.
    expect(sizes(planLadder(source(1000, 562), { effectiveShortSide: 360 }))).toEqual(["640x360", "428x240"]);
    // A size at or above the frame's changes nothing.
    expect(planLadder(source(1280, 720), { effectiveShortSide: 1080 })).toEqual(planLadder(source(1280, 720)));
  });

  it("adds an AV1 rung beside every H.264 one when asked, with the same ceilings", () => {
    const rungs = planLadder(source(1280, 720), { av1: true });
    expect(rungs.map((r) => `${r.codec} ${r.name} ${r.videoKbps}`)).toEqual([
      "h264 720p 3000",
      "h264 480p 1400",
      "h264 360p 800",
      "h264 240p 400",
      "av1 720p-av1 3000",
      "av1 480p-av1 1400",
      "av1 360p-av1 800",
      "av1 240p-av1 400",
    ]);
    expect(rungs.slice(4).every((r) => r.adaptive && r.crf !== undefined)).toBe(true);
  });
});
