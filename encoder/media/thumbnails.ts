import { join } from "node:path";
import type { SideOutput } from "./ladder-args.js";
import type { Rung } from "./ladder.js";
import type { MediaInfo } from "./media-info.js";

export const POSTER_NAME = "poster.jpg";
export const STORYBOARD_NAME = "storyboard.jpg";
export const STORYBOARD_VTT_NAME = "storyboard.vtt";
export const STORYBOARD_FRAMES_NAME = "storyboard-frames.mkv";

/** Far enough in to skip black lead-in frames, early enough to be cheap. */
const POSTER_POSITION = 0.1;
const POSTER_MAX_SECONDS = 5;
const TILE_WIDTH = 160;
const MIN_TILE_INTERVAL_SECONDS = 2;
/** Keeps the sprite a single, reasonably small download for long videos. */
const MAX_TILES = 100;
const MAX_COLUMNS = 10;
/** mjpeg quantiser, 2 (best) to 31. */
const POSTER_QUALITY = "3";
const STORYBOARD_QUALITY = "5";
/**
 * `fps` with eof_action=pass emits ceil(video duration / interval) frames; the container duration can run
 * a few frames past the video's (audio priming), so such a sliver does not count as one more tile.
 */
const LAST_TILE_MIN_SECONDS = 0.1;

export interface StoryboardPlan {
  intervalSeconds: number;
  count: number;
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

export function planStoryboard(info: MediaInfo): StoryboardPlan {
  const intervalSeconds = Math.max(MIN_TILE_INTERVAL_SECONDS, Math.ceil(info.durationSeconds / MAX_TILES));
  const count = Math.max(1, Math.ceil((info.durationSeconds - LAST_TILE_MIN_SECONDS) / intervalSeconds));
  const columns = Math.min(count, MAX_COLUMNS);
  const tileHeight = Math.max(2, Math.round((TILE_WIDTH * info.height) / info.width / 2) * 2);
  return { intervalSeconds, count, columns, rows: Math.ceil(count / columns), tileWidth: TILE_WIDTH, tileHeight };
}

/**
 * One thumbnail every interval, losslessly into a small intermediate file. Tiling them right here would hold
 * back ffmpeg's progress reports: it reports nothing until every output has received its first frame, and
 * a tiled sprite only comes out at the end.
 */
export function storyboardFramesOutput(plan: StoryboardPlan, framesPath: string): SideOutput {
  return {
    filter: `fps=fps=1/${plan.intervalSeconds}:eof_action=pass,scale=${plan.tileWidth}:${plan.tileHeight}`,
    args: ["-frames:v", String(plan.count), "-c:v", "ffv1", "-f", "matroska", framesPath],
  };
}

/** The thumbnails laid out left to right, top to bottom, in one JPEG (a run of its own, a few ms). */
export function storyboardSpriteArgs(plan: StoryboardPlan, framesPath: string, outDir: string): string[] {
  return [
    "-i",
    framesPath,
    "-vf",
    `tile=${plan.columns}x${plan.rows}:nb_frames=${plan.count}`,
    "-frames:v",
    "1",
    "-update",
    "1",
    "-q:v",
    STORYBOARD_QUALITY,
    join(outDir, STORYBOARD_NAME),
  ];
}

/** The WebVTT thumbnail track players use for seek previews: each interval points at its tile. */
export function storyboardVtt(plan: StoryboardPlan, durationSeconds: number, image = STORYBOARD_NAME): string {
  const cues = Array.from({ length: plan.count }, (_, i) => {
    const start = i * plan.intervalSeconds;
    const end = i === plan.count - 1 ? Math.max(durationSeconds, start) : start + plan.intervalSeconds;
    const x = (i % plan.columns) * plan.tileWidth;
    const y = Math.floor(i / plan.columns) * plan.tileHeight;
    return `${vttTime(start)} --> ${vttTime(end)}\n${image}#xywh=${x},${y},${plan.tileWidth},${plan.tileHeight}`;
  });
  return `WEBVTT\n\n${cues.join("\n\n")}\n`;
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

export function posterSeconds(info: MediaInfo): number {
  return Math.min(POSTER_MAX_SECONDS, info.durationSeconds * POSTER_POSITION);
}

/** The first frame at the poster time, at the top rung's size; the branch ends after that frame. */
export function posterOutput(info: MediaInfo, top: Rung, outDir: string): SideOutput {
  return {
    filter: `trim=start=${posterSeconds(info).toFixed(3)},trim=end_frame=1,scale=${top.width}:${top.height}`,
    args: ["-frames:v", "1", "-update", "1", "-q:v", POSTER_QUALITY, join(outDir, POSTER_NAME)],
  };
}
