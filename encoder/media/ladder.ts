import type { MediaInfo } from "./media-info.js";

export interface LadderStep {
  /** Short side of the picture: the height of a landscape rendition, the width of a portrait one. */
  height: number;
  videoKbps: number;
}

export interface Rung {
  /** Named by the short side, e.g. "720p" (also for portrait). */
  name: string;
  width: number;
  height: number;
  videoKbps: number;
  maxrateKbps: number;
  bufsizeKbps: number;
  /** 0 when the source has no audio. */
  audioKbps: number;
}

/** Near Apple's HLS authoring guidance for H.264 at 30 fps; 16:9 is the nominal shape. */
export const DEFAULT_LADDER: readonly LadderStep[] = [
  { height: 1080, videoKbps: 5000 },
  { height: 720, videoKbps: 3000 },
  { height: 480, videoKbps: 1400 },
  { height: 360, videoKbps: 800 },
  { height: 240, videoKbps: 400 },
];

export const AUDIO_KBPS = 128;
/** VBV: peaks may exceed the average by 10 %, smoothed over about two seconds. */
const MAXRATE_FACTOR = 1.1;
const BUFSIZE_FACTOR = 2;
const NOMINAL_ASPECT = 16 / 9;
/**
 * A source between two steps also gets a rung at its own size (capped from the step above), unless it is
 * barely larger than the step below: such a rung would cost an encode and add nothing a player could use.
 */
const MIN_STEP_RATIO = 1.1;
/** Below this x264 rate control stops being meaningful for the tiny pictures that reach it. */
const MIN_VIDEO_KBPS = 64;

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
const evenDown = (n: number) => Math.max(2, Math.floor(n / 2) * 2);

/**
 * The renditions to encode for a source: never larger than the source, its aspect ratio kept, even
 * dimensions (4:2:0 chroma), highest first.
 */
export function planLadder(info: MediaInfo, ladder: readonly LadderStep[] = DEFAULT_LADDER): Rung[] {
  if (ladder.length === 0) throw new Error("planLadder needs at least one ladder step");
  const portrait = info.height > info.width;
  const sourceShort = evenDown(Math.min(info.width, info.height));
  const sourceLong = evenDown(Math.max(info.width, info.height));
  const aspect = Math.max(info.width, info.height) / Math.min(info.width, info.height);
  const audioKbps = info.hasAudio ? AUDIO_KBPS : 0;
  const steps = [...ladder].sort((a, b) => b.height - a.height);

  const rung = (step: LadderStep, short: number, long: number): Rung => {
    const nominalPixels = step.height * even(step.height * NOMINAL_ASPECT);
    // Fewer pixels than the step was sized for need fewer bits; more (wider than 16:9) keep the step's rate.
    const videoKbps = Math.max(MIN_VIDEO_KBPS, Math.round(step.videoKbps * Math.min(1, (short * long) / nominalPixels)));
    return {
      name: `${short}p`,
      width: portrait ? short : long,
      height: portrait ? long : short,
      videoKbps,
      maxrateKbps: Math.round(videoKbps * MAXRATE_FACTOR),
      bufsizeKbps: Math.round(videoKbps * BUFSIZE_FACTOR),
      audioKbps,
    };
  };
  const scaled = (step: LadderStep) => rung(step, evenDown(step.height), Math.min(sourceLong, even(step.height * aspect)));

  const fitting = steps.filter((s) => s.height <= sourceShort);
  const above = steps.filter((s) => s.height > sourceShort);
  const stepAbove = above[above.length - 1];
  const largestFit = fitting[0];
  const rungs = fitting.map(scaled);
  if (stepAbove && (!largestFit || sourceShort >= largestFit.height * MIN_STEP_RATIO)) {
    rungs.unshift(rung(stepAbove, sourceShort, sourceLong));
  }
  return rungs;
}
