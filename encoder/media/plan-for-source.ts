import { effectiveShortSide } from "./effective-size.js";
import { DEFAULT_LADDER, planLadder, type LadderOptions, type Rung } from "./ladder.js";
import type { MediaInfo } from "./media-info.js";

/**
 * The size check takes 0.1-0.5 s; one that has not answered by then is abandoned rather than hold up the
 * encode (a damaged file can keep a decoder busy).
 */
const CHECK_TIMEOUT_MS = 15_000;

export interface SourcePlan {
  rungs: Rung[];
  /** The picture's short side when smaller than its frame's, whose rungs above it were left out. */
  effectiveShortSide?: number;
  /** Why the size check could not run: the ladder then covers the whole frame, as without it. */
  checkFailed?: unknown;
}

/**
 * The ladder for one source. An adaptive ladder first measures the size its picture really has
 * (effective-size.ts) and plans no rung above it; the fixed ladder plans every rung the frame fits. A size
 * check that fails or takes too long costs nothing but the rungs it would have saved; the job's abort is
 * passed on.
 */
export async function planLadderForSource(
  source: string,
  info: MediaInfo,
  options: LadderOptions,
  scratchDir: string,
  signal?: AbortSignal,
): Promise<SourcePlan> {
  if ((options.mode ?? "adaptive") !== "adaptive") return { rungs: planLadder(info, options) };
  let effective: number;
  try {
    const deadline = AbortSignal.timeout(CHECK_TIMEOUT_MS);
    const stop = signal ? AbortSignal.any([signal, deadline]) : deadline;
    effective = await effectiveShortSide(source, info, options.steps ?? DEFAULT_LADDER, scratchDir, stop);
  } catch (err) {
    if (signal?.aborted) throw err;
    return { rungs: planLadder(info, options), checkFailed: err };
  }
  const smaller = effective < Math.min(info.width, info.height);
  return {
    rungs: planLadder(info, smaller ? { ...options, effectiveShortSide: effective } : options),
    ...(smaller ? { effectiveShortSide: effective } : {}),
  };
}
