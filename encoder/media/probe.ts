import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { promisify } from "node:util";
import { BadMediaError, isUrl, type MediaInfo } from "./media-info.js";
import { mediaInfoFromProbe, REASONS, type ProbeOutput } from "./probe-output.js";

const execFileAsync = promisify(execFile);
const MAX_PROBE_OUTPUT_BYTES = 16 * 1024 * 1024;
/** Enough packets for the decoder to return its first picture. */
const DECODE_CHECK_PACKETS = 5;

export interface ProbeOptions {
  signal?: AbortSignal;
  /** ffprobe binary, default `ffprobe` on the PATH. */
  ffprobe?: string;
}

/**
 * Describes an upload, or throws BadMediaError when it cannot become a video (unreadable, no video stream,
 * no duration, first picture undecodable). Other failures (missing file, missing ffprobe) stay plain errors.
 */
export async function probeMedia(path: string, opts: ProbeOptions = {}): Promise<MediaInfo> {
  // A missing local file is our mistake, not the upload's: said before ffprobe can call it unreadable.
  if (!isUrl(path)) await stat(path);
  // Both reads at once (they are the last step before the encode starts); judged in order, so the
  // reason given is the first that applies.
  const [probe, frames] = await Promise.allSettled([
    ffprobeJson(path, ["-show_format", "-show_streams"], opts),
    ffprobeJson(path, ["-select_streams", "V:0", "-show_entries", "frame=width", "-read_intervals", `%+#${DECODE_CHECK_PACKETS}`], opts),
  ]);
  const info = mediaInfoFromProbe(settledValue(probe) as ProbeOutput);
  const decoded = settledValue(frames).frames;
  if (!Array.isArray(decoded) || decoded.length === 0) throw new BadMediaError(REASONS.undecodable);
  return info;
}

function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === "rejected") throw result.reason;
  return result.value;
}

async function ffprobeJson(path: string, args: string[], opts: ProbeOptions): Promise<ProbeOutput & { frames?: unknown }> {
  try {
    const { stdout } = await execFileAsync(opts.ffprobe ?? "ffprobe", ["-v", "error", "-print_format", "json", ...args, path], {
      signal: opts.signal,
      maxBuffer: MAX_PROBE_OUTPUT_BYTES,
    });
    return JSON.parse(stdout) as ProbeOutput & { frames?: unknown };
  } catch (err) {
    // ffprobe ran and refused the file (a numeric exit code); anything else is ours, not the upload's.
    if (opts.signal?.aborted || typeof (err as { code?: unknown }).code !== "number") throw err;
    throw new BadMediaError(REASONS.unreadable);
  }
}
