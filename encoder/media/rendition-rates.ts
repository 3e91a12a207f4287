import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { hlsMediaName } from "./ladder-args.js";

const BITS_PER_BYTE = 8;

export interface RenditionRate {
  /** Bits per second over the whole rendition: every segment and the init segment, over the duration. */
  averageBps: number;
  /** The highest bits per second of any one segment: what HLS calls a variant's BANDWIDTH. */
  peakBps: number;
  /** The longest segment, seconds: what the MPD's maxSegmentDuration must say. */
  longestSegmentSeconds: number;
}

/**
 * What representation `index` of an encode actually spends, from the sizes of the segments its HLS media
 * playlist lists and their durations: the true figures for the manifests, which players pick rungs by.
 */
export async function measureRendition(dir: string, index: number): Promise<RenditionRate> {
  const lines = (await readFile(join(dir, hlsMediaName(index)), "utf8")).split(/\r?\n/).map((l) => l.trim());
  const size = async (name: string) => (await stat(join(dir, name))).size;
  let seconds = 0;
  let bytes = 0;
  let peakBps = 0;
  let longest = 0;
  let duration: number | undefined;
  for (const line of lines) {
    const init = /^#EXT-X-MAP:.*URI="([^"]+)"/.exec(line)?.[1];
    if (init) bytes += await size(init);
    const extinf = /^#EXTINF:([\d.]+)/.exec(line)?.[1];
    if (extinf) duration = Number(extinf);
    if (line === "" || line.startsWith("#") || duration === undefined) continue;
    const segment = await size(line);
    bytes += segment;
    seconds += duration;
    longest = Math.max(longest, duration);
    if (duration > 0) peakBps = Math.max(peakBps, (segment * BITS_PER_BYTE) / duration);
    duration = undefined;
  }
  if (seconds <= 0) throw new Error(`${hlsMediaName(index)} lists no segments`);
  return { averageBps: Math.round((bytes * BITS_PER_BYTE) / seconds), peakBps: Math.ceil(peakBps), longestSegmentSeconds: longest };
}
