import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { HLS_MASTER_NAME, hlsMediaName, MANIFEST_NAME } from "./ladder-args.js";
import type { Rung } from "./ladder.js";
import { measureRendition, type RenditionRate } from "./rendition-rates.js";

/**
 * A rung whose rung above costs at most this much more (average bits) adds nothing: a player that can
 * fetch it can fetch the larger picture, so it would never pick it.
 */
export const MIN_RUNG_GAIN = 0.1;

/**
 * Which rungs the final manifests keep, highest first as planned. Only adaptive rungs are
 * judged, each codec on its own; the top rung of a codec always stays.
 */
export function keptRungs(rungs: readonly Rung[], rates: readonly RenditionRate[]): boolean[] {
  const kept = rungs.map(() => true);
  const lastKept = new Map<string, number>();
  rungs.forEach((r, i) => {
    const above = lastKept.get(r.codec);
    const rate = rates[i]!.averageBps;
    if (above !== undefined && r.adaptive && rates[above]!.averageBps <= rate * (1 + MIN_RUNG_GAIN)) kept[i] = false;
    else lastKept.set(r.codec, i);
  });
  return kept;
}

export interface FinalRendition {
  rung: Rung;
  rate: RenditionRate;
  kept: boolean;
}

/**
 * After the encode: rewrites the DASH manifest and the HLS master so they declare what each rung measured
 * (DASH @bandwidth and HLS BANDWIDTH the peak segment rate, HLS AVERAGE-BANDWIDTH the average; audio
 * included in HLS, which declares whole variants) and no longer list the rungs `keptRungs` drops. The
 * dropped rungs' files stay: players that started during the encode may still fetch them.
 */
export async function finalizeManifests(dir: string, rungs: readonly Rung[], hasAudio: boolean): Promise<FinalRendition[]> {
  const rates = await Promise.all(rungs.map((_, i) => measureRendition(dir, i)));
  const audio = hasAudio ? await measureRendition(dir, rungs.length) : { averageBps: 0, peakBps: 0, longestSegmentSeconds: 0 };
  const kept = keptRungs(rungs, rates);
  const longest = Math.max(audio.longestSegmentSeconds, ...rates.map((r) => r.longestSegmentSeconds));
  await rewrite(join(dir, MANIFEST_NAME), (mpd) => rewriteMpd(mpd, rates, kept, longest));
  await rewrite(join(dir, HLS_MASTER_NAME), (master) => rewriteHlsMaster(master, rates, kept, audio));
  return rungs.map((rung, i) => ({ rung, rate: rates[i]!, kept: kept[i]! }));
}

/** Through a `.tmp` file and a rename: the publisher never reads a half-written manifest (it skips `.tmp`). */
async function rewrite(path: string, change: (text: string) => string): Promise<void> {
  const text = change(await readFile(path, "utf8"));
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/**
 * The MPD with each kept rung's measured peak as its @bandwidth, the others removed, and maxSegmentDuration
 * the longest segment stored: ffmpeg writes its `-seg_duration` there (1 s, the first segment), while every
 * video segment after the first is a whole GOP (2 s).
 */
export function rewriteMpd(mpd: string, rates: readonly RenditionRate[], kept: readonly boolean[], longestSegmentSeconds: number): string {
  const declared = mpd.replace(/(<MPD\b[^>]*\bmaxSegmentDuration=")[^"]*"/, `$1PT${longestSegmentSeconds.toFixed(3)}S"`);
  return declared.replace(/([ \t]*)<Representation id="(\d+)"([^>]*)>[\s\S]*?<\/Representation>\r?\n?/g, (whole, _indent, id: string) => {
    const i = Number(id);
    if (i >= rates.length) return whole;
    if (!kept[i]) return "";
    return whole.replace(/\bbandwidth="\d+"/, `bandwidth="${rates[i]!.peakBps}"`);
  });
}

export function rewriteHlsMaster(master: string, rates: readonly RenditionRate[], kept: readonly boolean[], audio: RenditionRate): string {
  const lines = master.split("\n");
  const out: string[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const uri = lines[n + 1]?.trim() ?? "";
    const i = rates.findIndex((_, k) => uri === hlsMediaName(k));
    if (!line.startsWith("#EXT-X-STREAM-INF:") || i < 0) {
      out.push(line);
      continue;
    }
    if (!kept[i]) {
      n += lines[n + 2]?.trim() === "" ? 2 : 1;
      continue;
    }
    const peak = rates[i]!.peakBps + audio.peakBps;
    const average = rates[i]!.averageBps + audio.averageBps;
    out.push(line.replace(/,AVERAGE-BANDWIDTH=\d+/, "").replace(/BANDWIDTH=\d+/, `BANDWIDTH=${peak},AVERAGE-BANDWIDTH=${average}`));
  }
  return out.join("\n");
}
