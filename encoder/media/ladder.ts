import type { MediaInfo } from "./media-info.js";

export interface LadderStep {
  /** Short side of the picture: the height of a landscape rendition, the width of a portrait one. */
  height: number;
  videoKbps: number;
}

/**
 * `adaptive`: each H.264 rung aims at today's fixed bitrate but never spends below a quality floor (a
 * minimum x264 QP), so content that reaches the floor early (a slide talk) stops there, and content that
 * does not (sport, grain) is encoded exactly as the fixed rung is; rungs that add nothing over the rung
 * below are dropped after the encode. `fixed`: every rung at its bitrate whatever the content (average
 * bitrate with a VBV peak), the ladder before per-title.
 */
export type LadderMode = "adaptive" | "fixed";
export const LADDER_MODES = ["adaptive", "fixed"] as const satisfies readonly LadderMode[];
export type VideoCodec = "h264" | "av1";

export interface Rung {
  /** Named by the short side, e.g. "720p" (also for portrait); AV1 rungs end in "-av1". */
  name: string;
  codec: VideoCodec;
  width: number;
  height: number;
  /** The average the rung aims at: all it spends on hard content (H.264), or the ceiling of a capped-CRF AV1 rung. */
  videoKbps: number;
  maxrateKbps: number;
  bufsizeKbps: number;
  /** VBV fullness at the start, kilobits; absent: the encoder's default (90 % of the buffer). */
  initialBufferKbits?: number;
  /** Whether the rung may spend less than its bitrate (judged after the encode: see final-manifests.ts). */
  adaptive: boolean;
  /** Quality floor of an adaptive H.264 rung: x264 never quantizes finer than this QP. */
  qpMin?: number;
  /** Constant-quality target of an AV1 rung under its VBV cap. */
  crf?: number;
  /** 0 when the source has no audio. */
  audioKbps: number;
}

export interface LadderOptions {
  mode?: LadderMode;
  /** Adds an AV1 (SVT-AV1) rung beside every H.264 one, for players that decode it. */
  av1?: boolean;
  steps?: readonly LadderStep[];
  /**
   * The short side the picture really has when smaller than its frame (an upscaled 720p in 1080p: see
   * effective-size.ts): no rung above it is planned.
   */
  effectiveShortSide?: number;
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
/** VBV of a fixed rung: peaks may exceed the average by 10 %, smoothed over about two seconds. */
const MAXRATE_FACTOR = 1.1;
const BUFSIZE_FACTOR = 2;
/**
 * x264's minimum QP of an adaptive rung, from `npm run bench -- quality`: the coarsest floor at which the
 * near-static slide's rungs stayed within 0.0005 SSIM of the fixed ladder's (which spends its bits on
 * quantizing that slide ever finer, at QP ~10). Small pictures are viewed scaled up, so their artefacts
 * show more and they get a finer floor. Harder content never reaches the floor and is encoded as fixed.
 */
/** A setting that depends on the rung's short side: the first row whose minHeight it reaches. */
type ByHeight = readonly { minHeight: number; value: number }[];
const X264_QP_FLOOR_BY_HEIGHT: ByHeight = [
  { minHeight: 900, value: 22 },
  { minHeight: 600, value: 16 },
  { minHeight: 300, value: 13 },
  { minHeight: 0, value: 12 },
];
/**
 * SVT-AV1 CRF (0-63 scale) of an AV1 rung; the same bench measured an SSIM at or above the adaptive H.264
 * rung's at these values. Its cap is the H.264 rung's ceiling.
 */
const AV1_CRF_BY_HEIGHT: ByHeight = [
  { minHeight: 900, value: 28 },
  { minHeight: 600, value: 25 },
  { minHeight: 0, value: 24 },
];
/**
 * SVT-AV1 1.4.1 (Debian 12) overshoots the maxrate of a capped CRF: 13 % (noisy) to 23 % (test pattern) over
 * it on 10 s 1080p sources (`npm run bench -- quality --quality-av1`), so an AV1 rung is capped this much
 * lower to stay within the H.264 rung's bitrate. A measurement, not a guarantee: the final manifests declare
 * what each rung spent either way.
 */
const SVT_AV1_CAP_FACTOR = 0.8;
/**
 * A capped-CRF (AV1) rung starts with this much of its ceiling in the VBV buffer: enough for the first keyframe.
 * Over a whole video the encoder can spend at most maxrate × duration + that start, so the maxrate is
 * lowered by the start spread over the duration and the rung's average can never exceed the ceiling.
 */
const INITIAL_BUFFER_SECONDS = 0.5;
/** A source shorter than this is planned as if it were this long (its maxrate lowered by at most half). */
const MIN_PLANNED_SECONDS = 1;
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
const byHeight = (table: ByHeight, short: number) => (table.find((t) => short >= t.minHeight) ?? table[table.length - 1]!).value;

/** The VBV of a capped-CRF rung whose average may not exceed `ceilingKbps` over `seconds` of video. */
function cappedRate(ceilingKbps: number, seconds: number) {
  const start = ceilingKbps * INITIAL_BUFFER_SECONDS;
  return {
    videoKbps: ceilingKbps,
    maxrateKbps: Math.floor(ceilingKbps - start / Math.max(MIN_PLANNED_SECONDS, seconds)),
    bufsizeKbps: Math.round(ceilingKbps * BUFSIZE_FACTOR),
    initialBufferKbits: Math.round(start),
  };
}

/**
 * The renditions to encode for a source: never larger than the source, its aspect ratio kept, even
 * dimensions (4:2:0 chroma), highest first; the AV1 rungs, if asked for, after every H.264 one.
 */
export function planLadder(info: MediaInfo, options: LadderOptions = {}): Rung[] {
  const ladder = options.steps ?? DEFAULT_LADDER;
  const mode = options.mode ?? "adaptive";
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
    const shape = { name: `${short}p`, codec: "h264" as const, width: portrait ? short : long, height: portrait ? long : short, audioKbps };
    const rate = { videoKbps, maxrateKbps: Math.round(videoKbps * MAXRATE_FACTOR), bufsizeKbps: Math.round(videoKbps * BUFSIZE_FACTOR) };
    if (mode === "fixed") return { ...shape, ...rate, adaptive: false };
    // The fixed rung's rate control, plus a floor: an adaptive rung never spends more than it did.
    return { ...shape, ...rate, adaptive: true, qpMin: byHeight(X264_QP_FLOOR_BY_HEIGHT, short) };
  };
  const scaled = (step: LadderStep) => rung(step, evenDown(step.height), Math.min(sourceLong, even(step.height * aspect)));

  const pictureShort = Math.min(sourceShort, options.effectiveShortSide ?? sourceShort);
  const fitting = steps.filter((s) => s.height <= pictureShort);
  const above = steps.filter((s) => s.height > pictureShort);
  const stepAbove = above[above.length - 1];
  const largestFit = fitting[0];
  const rungs = fitting.map(scaled);
  if (stepAbove && pictureShort === sourceShort && (!largestFit || sourceShort >= largestFit.height * MIN_STEP_RATIO)) {
    rungs.unshift(rung(stepAbove, sourceShort, sourceLong));
  }
  if (!options.av1) return rungs;
  const av1 = rungs.map((r): Rung => {
    const short = Math.min(r.width, r.height);
    const capped = cappedRate(r.videoKbps, info.durationSeconds);
    return {
      name: `${r.name}-av1`,
      codec: "av1",
      width: r.width,
      height: r.height,
      audioKbps: r.audioKbps,
      ...capped,
      maxrateKbps: Math.floor(capped.maxrateKbps * SVT_AV1_CAP_FACTOR),
      adaptive: true,
      crf: byHeight(AV1_CRF_BY_HEIGHT, short),
    };
  });
  return [...rungs, ...av1];
}
