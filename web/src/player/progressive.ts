import type { VideoStatus } from "../../../shared/contracts/video-lifecycle.js";
import { formatDuration, isInProgress, statusText } from "../format.js";
import type { ManifestExtent } from "./manifest-extent.js";

/**
 * Progressive publishing, as the watch page sees it: a video being encoded can be watched from its first
 * segments on, while the rest is encoded. These decisions are pure so the unit tests can walk every case.
 */
export interface WatchedVideo {
  status: VideoStatus;
  progress: number;
  /** Ready, or processing with its first segments stored. */
  playable: boolean;
  /** The failure's reason; only the owner is told it. */
  error?: string | null;
}

/** What the page shows: nothing yet, the player, or the player stopped until a restarted encode catches up. */
export type PlayerMode = "none" | "playing" | "recovering";

export type WatchStep =
  /** Start the player from the beginning. */
  | { kind: "play" }
  /** The player goes on (its badge comes from `badgeFor`). */
  | { kind: "keep-playing" }
  /** The encode restarted under the player: stop it, remember where it was, wait for the new attempt. */
  | { kind: "recover" }
  /** Recovering and playable again: does the new manifest reach the last position yet? */
  | { kind: "check-manifest" }
  /** Nothing to play (yet): say why and keep asking. */
  | { kind: "wait"; text: string }
  /** Nothing more will come (failed, or never uploaded): say why and stop asking. */
  | { kind: "stop"; text: string };

/** A restarted encode answers for a while with a shorter manifest; this is what the viewer reads meanwhile. */
export const RECOVERING_TEXT = "Encoding restarted; playback resumes when it catches up.";

/** The same, once the new encode's manifest is known: how far it got towards where playback resumes. */
export const recoveringText = (caughtUp: number, position: number) =>
  `Encoding restarted; playback resumes when it catches up (${formatDuration(Math.min(caughtUp, position))} of ${formatDuration(position)}).`;

/** Rounded down, so "100%" never shows while the last segments are still being written. */
export const processingLabel = (progress: number) => `Processing ${Math.max(0, Math.min(100, Math.floor(progress)))}%`;

/** The label over the player: how far the encode is while it runs, in place of any "live" indicator. */
export const badgeFor = (video: WatchedVideo) => (video.status === "processing" ? processingLabel(video.progress) : null);

const canPlay = (video: WatchedVideo, manifestUrl: string | null) =>
  manifestUrl !== null && (video.status === "ready" || (video.status === "processing" && video.playable));

/**
 * The next step for the latest details of the video. A restarted encode shows in the manifest (503) or
 * the player's errors, which the player reports; here only in a video that is no longer playable. (Not in
 * its progress: the catalog never lets that move backwards.)
 */
export function watchStep(video: WatchedVideo, manifestUrl: string | null, mode: PlayerMode): WatchStep {
  if (video.status === "failed") return { kind: "stop", text: statusText(video) };
  const playable = canPlay(video, manifestUrl);
  switch (mode) {
    case "none":
      if (playable) return { kind: "play" };
      if (video.status === "processing") return { kind: "wait", text: processingLabel(video.progress) };
      return isInProgress(video.status) ? { kind: "wait", text: statusText(video) } : { kind: "stop", text: statusText(video) };
    case "playing":
      return video.status === "processing" && !playable ? { kind: "recover" } : { kind: "keep-playing" };
    case "recovering":
      if (playable) return { kind: "check-manifest" };
      return isInProgress(video.status) ? { kind: "wait", text: RECOVERING_TEXT } : { kind: "stop", text: statusText(video) };
  }
}

/** Whether the page should ask for the video's details again in a moment, once it has taken `step` (and is now in `mode`). */
export const keepPolling = (video: WatchedVideo, step: WatchStep, mode: PlayerMode) =>
  step.kind !== "stop" && (mode === "recovering" || isInProgress(video.status));

const FAST_POLL_MS = 500;
const FAST_POLL_FOR_MS = 30_000;
const POLL_MS = 2_000;

/**
 * How long the watch page waits before asking for a video's details again: briefly while it waits for the
 * first segments of a video about to be encoded (the first frame should not wait for the poll); at an easy
 * pace once it plays, when it has nothing to wait for soon, when the last request failed, or once it has
 * waited `FAST_POLL_FOR_MS` (a queue behind other uploads).
 */
export const pollDelayMs = (video: WatchedVideo | null, mode: PlayerMode, waitedMs: number) =>
  video !== null && mode === "none" && isInProgress(video.status) && !video.playable && waitedMs < FAST_POLL_FOR_MS
    ? FAST_POLL_MS
    : POLL_MS;

/**
 * When playback of a growing manifest starts (and resumes): as soon as the manifest lists anything past the
 * position, i.e. once the segment to play is stored. It used to wait until the clock's edge was two
 * segments ahead: dash.js requested a segment only once the clock said it existed (availabilityStartTime +
 * its end), and a player started at the first segment's edge kept waiting there. The edge now marks every
 * listed segment available at once (availabilityTimeOffset="INF") and dash.js takes the end of the timeline
 * as its live edge (dash-settings.ts), so an encode faster than real time stays ahead of playback from its
 * first segment on; one slower than real time (1080p on two cores) is caught up with sooner or later
 * whatever the lead, and a lead only delays the first frame. Nor may the start wait for more than the
 * manifest lists now: dash.js does not refresh a growing manifest while the video is paused, so its edge
 * would never move.
 */
export const mayStartAt = (position: number, growing: boolean, liveEdge: number) => !growing || liveEdge > position;

/** Whether playback can resume at `position` with what the manifest offers now. */
export const canResumeAt = (position: number, extent: ManifestExtent | null) =>
  extent !== null && mayStartAt(position, extent.growing, extent.seconds);
