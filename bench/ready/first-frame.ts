import { performance } from "node:perf_hooks";
import type { BrowserContext } from "playwright-core";

const POLL_MS = 50;

export interface Viewing {
  /** `performance.now()` at the first poll that saw `video.currentTime > 0`. */
  firstFrame: Promise<number>;
  /** Stops watching: what the viewer went through until now. */
  stop(): Promise<ViewingStats>;
}

export interface ViewingStats {
  /** Times playback stopped to wait for data after it had started. */
  stalls: number;
  stalledSeconds: number;
  longestStallSeconds: number;
  /** Where playback was when the watching stopped. */
  positionSeconds: number;
}

/** Collects the page's `waiting` → `playing` gaps after the first frame (media events do not bubble: captured). */
const RECORD_STALLS = () => {
  const w = window as unknown as { __stalls: { started: boolean; since: number | null; gaps: number[] } };
  w.__stalls = { started: false, since: null, gaps: [] };
  document.addEventListener(
    "timeupdate",
    (e) => {
      if ((e.target as HTMLVideoElement).currentTime > 0) w.__stalls.started = true;
    },
    true,
  );
  document.addEventListener(
    "waiting",
    () => {
      if (w.__stalls.started && w.__stalls.since === null) w.__stalls.since = performance.now();
    },
    true,
  );
  document.addEventListener(
    "playing",
    () => {
      if (w.__stalls.since !== null) w.__stalls.gaps.push(performance.now() - w.__stalls.since);
      w.__stalls.since = null;
    },
    true,
  );
};

/**
 * Opens the watch page of `videoId` in Chromium, as a viewer who opened it the moment the upload completed
 * and pressed play as soon as there was a frame to show. Nothing else is scripted: the page finds out by
 * itself when the video becomes playable, and plays on while the rest encodes.
 */
export async function watchVideo(context: BrowserContext, api: string, videoId: string, timeoutMs: number): Promise<Viewing> {
  const page = await context.newPage();
  await page.addInitScript(RECORD_STALLS);
  const firstFrame = (async () => {
    await page.goto(`${api}/watch/${videoId}`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const time = await page.evaluate(() => {
        const video = document.querySelector("video");
        if (!video) return 0;
        if (video.paused && video.readyState >= 2 && video.played.length === 0) void video.play().catch(() => undefined);
        return video.currentTime;
      });
      if (time > 0) return performance.now();
      if (Date.now() > deadline) throw new Error(`no frame played within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  })();
  firstFrame.catch(() => undefined);
  return {
    firstFrame,
    async stop() {
      try {
        const s = await page.evaluate(() => {
          const w = window as unknown as { __stalls: { since: number | null; gaps: number[] } };
          const gaps = [...w.__stalls.gaps, ...(w.__stalls.since === null ? [] : [performance.now() - w.__stalls.since])];
          return { gaps, position: document.querySelector("video")?.currentTime ?? 0 };
        });
        const seconds = s.gaps.map((g) => g / 1000);
        return {
          stalls: seconds.length,
          stalledSeconds: seconds.reduce((a, b) => a + b, 0),
          longestStallSeconds: Math.max(0, ...seconds),
          positionSeconds: s.position,
        };
      } finally {
        await page.close();
      }
    },
  };
}
