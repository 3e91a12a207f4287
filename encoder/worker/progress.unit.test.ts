import { describe, expect, it } from "vitest";
import type { ProgressEvent } from "../../shared/contracts/events.js";
import { ProgressReporter } from "./progress.js";

function reporter(publish: (e: ProgressEvent) => Promise<unknown> = async () => undefined) {
  let now = 0;
  const sent: ProgressEvent[] = [];
  const r = new ProgressReporter({
    videoId: "vid_x",
    trace: {},
    intervalMs: 2_000,
    now: () => now,
    publish: (e) => {
      sent.push(e);
      return publish(e);
    },
    onError: () => undefined,
  });
  return { r, sent, advance: (ms: number) => (now += ms) };
}

describe("progress reporter", () => {
  it("publishes stage changes at once and other updates at most every interval", async () => {
    const { r, sent, advance } = reporter();
    // Lets each publish finish, as the time between real updates does.
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    r.report("probe", 0);
    await tick();
    r.report("probe", 1);
    await tick();
    r.report("encode", 0);
    await tick();
    advance(500);
    r.report("encode", 0.3);
    await tick();
    advance(2_000);
    r.report("encode", 0.5);
    await tick();
    await r.complete();
    expect(sent.map((e) => [e.stage, e.percent])).toEqual([
      ["probe", 0],
      ["encode", 2],
      ["encode", 49],
      ["encode", 100],
    ]);
  });

  it("never goes backwards", async () => {
    const { r, sent, advance } = reporter();
    r.report("encode", 0.8);
    advance(5_000);
    r.report("encode", 0.2);
    advance(5_000);
    r.report("upload", 0);
    await r.complete();
    const percents = sent.map((e) => e.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  });

  it("keeps only the newest event while a publish is slow, and survives failures", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { r, sent } = reporter(async (e) => {
      if (e.percent === 0) await gate;
      if (e.percent === 2) throw new Error("nats down");
    });
    r.report("probe", 0);
    r.report("probe", 1);
    r.report("encode", 0);
    r.report("upload", 0);
    const done = r.complete();
    release();
    await done;
    expect(sent.map((e) => e.percent)).toEqual([0, 100]);
  });
});
