import { markupProblem } from "./cue-text.js";

/** A cue's timing, in seconds. */
export interface Cue {
  start: number;
  end: number;
}

export interface ParsedCaptions {
  /** The file as it will be stored: WebVTT, LF line ends, no byte order mark. */
  vtt: string;
  cues: Cue[];
  /** What makes the file unfit to publish, in file order (the first few). */
  problems: string[];
}

/** Enough for the owner to fix a file, not a wall of text when it is something else entirely. */
const MAX_PROBLEMS = 5;
const HEADER = /^WEBVTT(?:[ \t][^\n]*)?$/;
const TIMESTAMP = String.raw`(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})`;
const TIMING = new RegExp(String.raw`^${TIMESTAMP}[ \t]+-->[ \t]+${TIMESTAMP}(?:[ \t]+[^\n]*)?$`);

const seconds = (h: string | undefined, m: string, s: string, ms: string) =>
  Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;

/** `00:01:02.500` for messages. */
export function formatTimestamp(total: number): string {
  const ms = Math.round(total * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** Line ends as LF, without a byte order mark: what both parsers read and what is stored. */
export const normalizeText = (text: string): string => text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");

/**
 * Parses WebVTT as the spec's parser reads it (header, then blocks separated by blank lines: NOTE,
 * REGION, cues with an optional identifier), stricter where a player would silently drop something: a
 * block that is neither a cue nor a note, an end not after its start, markup beyond WebVTT's own. STYLE
 * blocks are refused: CSS could reach other origins (`url()`, `@import`) from a viewer's player.
 */
export function parseWebVtt(text: string): ParsedCaptions {
  const vtt = normalizeText(text);
  const problems: string[] = [];
  const cues: Cue[] = [];
  const blocks = vtt.split(/\n{2,}/);
  const header = blocks.shift() ?? "";
  const headerLine = header.split("\n")[0] ?? "";
  if (!HEADER.test(headerLine)) return { vtt, cues, problems: ["The file does not start with WEBVTT (nor is it SRT)."] };
  if (header.includes("-->")) problems.push("The header block runs into a cue: leave a blank line after WEBVTT.");
  blocks.forEach((block) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const lines = block.split("\n").filter((line, i, all) => i < all.length - 1 || line !== "");
    if (lines.length === 0) return;
    const first = lines[0]!;
    if (/^NOTE(?:[ \t]|$)/.test(first)) return;
    if (/^REGION(?:[ \t]|$)/.test(first) && !block.includes("-->")) return;
    if (/^STYLE(?:[ \t]|$)/.test(first)) {
      problems.push("STYLE blocks are not accepted: players style captions themselves.");
      return;
    }
    const timingAt = first.includes("-->") ? 0 : 1;
    const label = `Cue ${cues.length + 1}`;
    const match = TIMING.exec(lines[timingAt] ?? "");
    if (!match) {
      problems.push(`${label}: "${(lines[timingAt] ?? first).slice(0, 60)}" is not a cue timing (00:00:01.000 --> 00:00:02.500).`);
      return;
    }
    const start = seconds(match[1], match[2]!, match[3]!, match[4]!);
    const end = seconds(match[5], match[6]!, match[7]!, match[8]!);
    if (end <= start) problems.push(`${label}: it ends (${formatTimestamp(end)}) no later than it starts (${formatTimestamp(start)}).`);
    const payload = lines.slice(timingAt + 1);
    if (payload.some((line) => line.includes("-->"))) problems.push(`${label}: its text contains "-->": separate cues with a blank line.`);
    const markup = markupProblem(payload.join("\n"));
    if (markup) problems.push(`${label}: its text ${markup}.`);
    cues.push({ start, end });
  });
  return { vtt: vtt.endsWith("\n") ? vtt : `${vtt}\n`, cues, problems: problems.slice(0, MAX_PROBLEMS) };
}
