import { MAX_CAPTION_BYTES } from "../../shared/contracts/captions.js";
import { looksLikeSrt, srtToWebVtt } from "./srt.js";
import { formatTimestamp, parseWebVtt } from "./webvtt.js";

/**
 * How far past the video's end a cue may run: the duration is the source's probe, stored as a 4-byte
 * float, and caption tools round a last cue's end up to the next frame or second.
 */
export const CUE_END_TOLERANCE_SECONDS = 0.5;

export type CaptionCheck = { ok: true; vtt: string; cueCount: number } | { ok: false; problems: string[] };

const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;

/** A caption file (WebVTT, or SRT converted to it) checked against the video it is for; the WebVTT to store. */
export function checkCaptions(text: string, videoDurationSeconds: number): CaptionCheck {
  if (utf8Length(text) > MAX_CAPTION_BYTES) return { ok: false, problems: [`The file is larger than ${MAX_CAPTION_BYTES} bytes.`] };
  if (text.includes("\u0000")) return { ok: false, problems: ["The file is not text (it holds NUL bytes)."] };
  const { vtt, cues, problems } = parseWebVtt(looksLikeSrt(text) ? srtToWebVtt(text) : text);
  if (problems.length > 0) return { ok: false, problems };
  if (cues.length === 0) return { ok: false, problems: ["The file has no cues."] };
  const limit = videoDurationSeconds + CUE_END_TOLERANCE_SECONDS;
  const late = cues.findIndex((cue) => cue.end > limit);
  if (late >= 0) {
    const end = formatTimestamp(cues[late]!.end);
    return { ok: false, problems: [`Cue ${late + 1} ends at ${end}, after the video's end (${formatTimestamp(videoDurationSeconds)}).`] };
  }
  if (utf8Length(vtt) > MAX_CAPTION_BYTES)
    return { ok: false, problems: [`The file is larger than ${MAX_CAPTION_BYTES} bytes as WebVTT.`] };
  return { ok: true, vtt, cueCount: cues.length };
}
