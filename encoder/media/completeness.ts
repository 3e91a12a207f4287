import { timelineEnds } from "../../shared/mpd-timeline.js";
import { BadMediaError } from "./media-info.js";

/**
 * ffmpeg's own frame-failure limit (`-max_error_rate`): past this share of packets it could not decode,
 * it exits with DAMAGED_EXIT_CODE instead of 0. Its default (2/3) let a source with its middle half
 * overwritten encode "successfully" as a frozen picture.
 */
export const MAX_DECODE_ERROR_RATE = 0.1;
export const DAMAGED_EXIT_CODE = 69;

/**
 * How much shorter than the probe promised the packaged video may be and still be whole: the last frame's
 * duration and audio priming move the end by a few tens of milliseconds; a lost tail is seconds.
 */
const MIN_SHORTFALL_SECONDS = 1;
const MAX_SHORTFALL_SHARE = 0.01;

/**
 * How far a whole rendering of a `promisedSeconds` video may end from it: the one definition of "whole"
 * for the packaged presentation and for the downloads made from it.
 */
export function durationTolerance(promisedSeconds: number): number {
  return Math.max(MIN_SHORTFALL_SECONDS, promisedSeconds * MAX_SHORTFALL_SHARE);
}

export const DAMAGED_REASON = "The upload is damaged: too many of its frames could not be decoded.";

/**
 * Throws BadMediaError when the packaged presentation (where its longest segment timeline ends) falls short
 * of the duration the probe read from the container. A faststart MP4 cut off mid-upload keeps its index,
 * so it probes as the whole length while ffmpeg meets the end of the data half way and stops without error.
 */
export function assertWholeDuration(promisedSeconds: number, mpd: string): void {
  const produced = Math.max(0, ...timelineEnds(mpd));
  if (produced >= promisedSeconds - durationTolerance(promisedSeconds)) return;
  throw new BadMediaError(
    `The upload is incomplete or damaged: only ${seconds(produced)} s of ${seconds(promisedSeconds)} s could be decoded.`,
  );
}

const seconds = (s: number): string => String(Number(s.toFixed(1)));
