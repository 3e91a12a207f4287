import { effectiveShortSide } from "./effective-size.js";
import { DEFAULT_LADDER, planLadder, type LadderOptions, type Rung } from "./ladder.js";
import type { MediaInfo } from "./media-info.js";

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
 * check that fails costs nothing but the rungs it would have saved; an abort is passed on.
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
    effective = await effectiveShortSide(source, info, options.steps ?? DEFAULT_LADDER, scratchDir, signal);
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
