import type { Page } from "playwright-core";

/**
 * What the page's <video> did, recorded inside the page (media events do not bubble, but a capturing
 * listener on the document sees them): its events, and its time sampled every 100 ms, each with the
 * wall-clock time (Date.now(), the same clock as the test's).
 */
export interface PlaybackEvent {
  type: string;
  at: number;
  time: number;
}

export interface Sample {
  at: number;
  time: number;
  paused: boolean;
  ended: boolean;
  seeking: boolean;
}

export interface PlaybackLog {
  events: PlaybackEvent[];
  samples: Sample[];
  /** When the video first played past 0: its first frame is on screen, and moving. */
  firstFrameAt: number | null;
  endedAt: number | null;
  ended: boolean;
}

const SAMPLE_MS = 100;
const EVENTS = ["waiting", "playing", "seeking", "seeked", "pause", "ended", "emptied", "error"];

/**
 * Starts recording in every document the page loads from now on (the app navigates without reloading).
 * Plain JavaScript in a string: a function would be serialized after the TypeScript transform, which may
 * wrap it in helpers that do not exist in the page.
 */
export async function recordPlayback(page: Page): Promise<void> {
  await page.addInitScript(`(() => {
    const log = { events: [], samples: [], firstFrameAt: null, endedAt: null, ended: false };
    window.__playback = log;
    function firstFrame(video) {
      if (log.firstFrameAt === null && video.currentTime > 0 && !video.paused) log.firstFrameAt = Date.now();
    }
    for (const type of ${JSON.stringify(EVENTS)}) {
      document.addEventListener(type, (event) => {
        if (!(event.target instanceof HTMLVideoElement)) return;
        log.events.push({ type, at: Date.now(), time: event.target.currentTime });
        if (type === "ended") {
          log.ended = true;
          log.endedAt = Date.now();
        }
      }, true);
    }
    document.addEventListener("timeupdate", (event) => {
      if (event.target instanceof HTMLVideoElement) firstFrame(event.target);
    }, true);
    setInterval(() => {
      const video = document.querySelector("video");
      if (!video) return;
      firstFrame(video);
      if (log.firstFrameAt !== null && !log.ended) log.samples.push({ at: Date.now(), time: video.currentTime, paused: video.paused, ended: video.ended, seeking: video.seeking });
    }, ${SAMPLE_MS});
  })();`);
}

export const playbackLog = (page: Page) => page.evaluate(() => (window as unknown as { __playback: PlaybackLog }).__playback);

/** Each wait for data once playback had started: from `waiting` to the next `playing` (or `ended`). */
export function stallsIn(events: PlaybackEvent[]): { time: number; ms: number }[] {
  const stalls: { time: number; ms: number }[] = [];
  let started = false;
  let waiting: PlaybackEvent | null = null;
  for (const e of events) {
    if (e.type === "playing" || e.type === "ended") {
      if (waiting && started) stalls.push({ time: waiting.time, ms: e.at - waiting.at });
      waiting = null;
      started = true;
    } else if (e.type === "waiting" && !waiting) waiting = e;
  }
  if (waiting && started) stalls.push({ time: waiting.time, ms: Date.now() - waiting.at });
  return stalls;
}

/**
 * Spans longer than half a second in which the playback time stood still although the video was
 * playing (not paused, seeking or ended): a stall, whether or not the browser said `waiting`.
 */
export function frozenSpans(samples: Sample[]): { time: number; ms: number }[] {
  const spans: { time: number; ms: number }[] = [];
  let moved: Sample | null = null;
  for (const s of samples) {
    if (s.paused || s.ended || s.seeking) {
      moved = null;
    } else if (!moved) {
      moved = s;
    } else if (s.time !== moved.time) {
      if (s.at - moved.at > 500) spans.push({ time: moved.time, ms: s.at - moved.at });
      moved = s;
    }
  }
  return spans;
}
