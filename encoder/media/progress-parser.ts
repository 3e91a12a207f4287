/**
 * Reads ffmpeg's `-progress` output: blocks of `key=value` lines, each closed by `progress=continue` or
 * `progress=end`. Only complete blocks are reported, so a chunk boundary never yields a half-read value.
 */
export interface ProgressUpdate {
  /** Output position in microseconds, when ffmpeg knows it yet (it prints N/A at first). */
  outTimeUs?: number;
  end: boolean;
}

export class ProgressParser {
  private partialLine = "";
  private outTimeUs: number | undefined;

  push(chunk: string): ProgressUpdate[] {
    const lines = (this.partialLine + chunk).split("\n");
    this.partialLine = lines.pop() ?? "";
    const updates: ProgressUpdate[] = [];
    for (const raw of lines) {
      const line = raw.trim();
      const eq = line.indexOf("=");
      if (eq < 0) continue;
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1);
      if (key === "out_time_us") {
        const n = Number(value);
        this.outTimeUs = value !== "" && Number.isFinite(n) ? n : undefined;
      } else if (key === "progress") {
        updates.push({ ...(this.outTimeUs === undefined ? {} : { outTimeUs: this.outTimeUs }), end: value === "end" });
        this.outTimeUs = undefined;
      }
    }
    return updates;
  }
}

const MAX_RUNNING_FRACTION = 0.999;

/** Fraction done, in [0, 1): 1 is only reported once ffmpeg has exited cleanly. */
export function progressFraction(outTimeUs: number, durationSeconds: number): number {
  if (!(durationSeconds > 0)) return 0;
  return Math.min(MAX_RUNNING_FRACTION, Math.max(0, outTimeUs / (durationSeconds * 1e6)));
}
