import { normalizeText } from "./webvtt.js";

const SRT_TIMESTAMP = /(\d{1,}):([0-5]\d):([0-5]\d)[,.](\d{1,3})/g;
const SRT_TIMING = /^\s*\d+:[0-5]\d:[0-5]\d[,.]\d{1,3}\s*-->\s*\d+:[0-5]\d:[0-5]\d[,.]\d{1,3}/;

/** SubRip: numbered blocks whose second line is a timing with commas (`00:00:01,000 --> 00:00:02,500`). */
export function looksLikeSrt(text: string): boolean {
  const lines = normalizeText(text).trimStart().split("\n");
  return /^\d+\s*$/.test(lines[0] ?? "") && SRT_TIMING.test(lines[1] ?? "");
}

/**
 * SRT to WebVTT: a header, timings with a full stop and three-digit milliseconds, the counters kept as
 * cue identifiers, SRT's coordinates (`X1:…`) dropped. Its markup (`<i>`, `<b>`, `<u>`) is WebVTT's too;
 * anything else (`<font>`) stays, for the WebVTT validation to refuse.
 */
export function srtToWebVtt(text: string): string {
  const blocks = normalizeText(text)
    .trim()
    .split(/\n[ \t]*\n+/)
    .map((block) =>
      block
        .split("\n")
        .map((line) =>
          SRT_TIMING.test(line)
            ? line
                .replace(/\s+X1:.*$/, "")
                .replace(
                  SRT_TIMESTAMP,
                  (_, h: string, m: string, s: string, ms: string) => `${h.padStart(2, "0")}:${m}:${s}.${ms.padEnd(3, "0")}`,
                )
                .replace(/\s*-->\s*/, " --> ")
            : line,
        )
        .join("\n"),
    );
  return `WEBVTT\n\n${blocks.join("\n\n")}\n`;
}
