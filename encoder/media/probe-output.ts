import { BadMediaError, type MediaInfo } from "./media-info.js";

/** The parts of `ffprobe -print_format json -show_format -show_streams` this module reads. */
export interface ProbeOutput {
  format?: { duration?: string };
  streams?: ProbeStream[];
}

export interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

export const REASONS = {
  unreadable: "The file is not a video ffmpeg can read.",
  noVideo: "The file has no video stream.",
  noDuration: "The video has no duration: it may be a still image or an empty recording.",
  undecodable: "The video stream cannot be decoded.",
} as const;

/** Used when the container states no usable frame rate; only the keyframe interval depends on it. */
const FALLBACK_FRAME_RATE = 30;
const MAX_FRAME_RATE = 1000;

/** Cover art in audio files is a video stream too, but not a video. */
const isPictureSequence = (s: ProbeStream) => s.codec_type === "video" && s.disposition?.attached_pic !== 1;

export function mediaInfoFromProbe(probe: ProbeOutput): MediaInfo {
  const streams = probe.streams ?? [];
  const video = streams.find(isPictureSequence);
  if (!video) throw new BadMediaError(REASONS.noVideo);
  const codedWidth = video.width ?? 0;
  const codedHeight = video.height ?? 0;
  if (!video.codec_name || codedWidth <= 0 || codedHeight <= 0) throw new BadMediaError(REASONS.undecodable);

  const durationSeconds = Number(probe.format?.duration ?? video.duration);
  if (!(durationSeconds > 0)) throw new BadMediaError(REASONS.noDuration);

  const rotation = rotationOf(video);
  // Anamorphic sources (DVD, some broadcast) are shown wider than coded: plan renditions on what is shown.
  const width = Math.round(codedWidth * (ratio(video.sample_aspect_ratio, ":") ?? 1));
  const quarterTurn = rotation === 90 || rotation === 270;
  return {
    durationSeconds,
    width: quarterTurn ? codedHeight : width,
    height: quarterTurn ? width : codedHeight,
    rotation,
    hasAudio: streams.some((s) => s.codec_type === "audio"),
    videoCodec: video.codec_name,
    frameRate: frameRateOf(video),
  };
}

/**
 * The display matrix's angle is counter-clockwise (as ffprobe prints it), the legacy `rotate` tag's is
 * clockwise; both become the clockwise turn a player applies.
 */
function rotationOf(s: ProbeStream): MediaInfo["rotation"] {
  const matrix = s.side_data_list?.find((d) => d.side_data_type === "Display Matrix" && typeof d.rotation === "number");
  const clockwise = matrix?.rotation !== undefined ? -matrix.rotation : Number(s.tags?.rotate ?? 0);
  if (!Number.isFinite(clockwise)) return 0;
  const quarter = (((Math.round(clockwise / 90) % 4) + 4) % 4) as 0 | 1 | 2 | 3;
  return ([0, 90, 180, 270] as const)[quarter];
}

function frameRateOf(s: ProbeStream): number {
  for (const candidate of [s.avg_frame_rate, s.r_frame_rate]) {
    const fps = ratio(candidate, "/");
    if (fps !== undefined && fps <= MAX_FRAME_RATE) return fps;
  }
  return FALLBACK_FRAME_RATE;
}

/** "30000/1001" or "16:15" as a positive number, undefined for "0/0", "N/A" or nothing. */
function ratio(text: string | undefined, separator: string): number | undefined {
  const [num, den] = (text ?? "").split(separator).map(Number);
  if (num === undefined || den === undefined || !(num > 0) || !(den > 0)) return undefined;
  return num / den;
}
