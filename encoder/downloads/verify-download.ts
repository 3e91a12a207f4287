import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DAMAGED_EXIT_CODE, durationTolerance } from "../media/completeness.js";
import { FfmpegError, runFfmpeg } from "../media/index.js";

const execFileAsync = promisify(execFile);
const MAX_PROBE_OUTPUT_BYTES = 1024 * 1024;
/**
 * Unlike an upload (MAX_DECODE_ERROR_RATE tolerates a few bad frames of a viewer's source), a download is
 * our own encoder's output copied byte for byte: a single frame that does not decode is damage.
 */
const DOWNLOAD_DECODE_ERROR_RATE = 0;

/** The joined file is not the whole rendition: short, missing a track, or with frames that do not decode. */
export class DamagedDownloadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DamagedDownloadError";
  }
}

/** How long each track of the file should be: its representation's timeline in the stored manifest. */
export interface ExpectedTracks {
  video: number | null;
  audio: number | null;
}

/**
 * Throws DamagedDownloadError unless the file at `path` has every expected track, each as long as its
 * representation within the tolerance the encoder holds the packaged presentation to (durationTolerance),
 * and every frame of it decodes. `-c copy` of a damaged segment exits 0: a cut-off fragment ends its track
 * early (the other track keeps the file's own duration whole, so each stream is measured), and junk inside
 * a fragment is copied as frames that only a decode finds.
 */
export async function verifyDownload(path: string, expected: ExpectedTracks, signal?: AbortSignal): Promise<void> {
  const { stdout } = await execFileAsync(
    "ffprobe",
    ["-v", "error", "-print_format", "json", "-show_entries", "stream=codec_type,duration", path],
    { signal, maxBuffer: MAX_PROBE_OUTPUT_BYTES },
  );
  const streams = (JSON.parse(stdout) as { streams?: { codec_type?: string; duration?: string }[] }).streams ?? [];
  for (const kind of ["video", "audio"] as const) {
    const promised = expected[kind];
    if (promised === null) continue;
    const stream = streams.find((s) => s.codec_type === kind);
    if (!stream) throw new DamagedDownloadError(`the ${kind} track is missing from the joined file`);
    const produced = Number(stream.duration);
    if (!(Math.abs(produced - promised) <= durationTolerance(promised))) {
      throw new DamagedDownloadError(`the ${kind} track is ${produced} s long where its segments promise ${promised} s`);
    }
  }
  try {
    await runFfmpeg(["-max_error_rate", String(DOWNLOAD_DECODE_ERROR_RATE), "-i", path, "-map", "0", "-f", "null", "-"], { signal });
  } catch (err) {
    if (err instanceof FfmpegError && err.exitCode === DAMAGED_EXIT_CODE) {
      throw new DamagedDownloadError("frames of the joined file do not decode", { cause: err });
    }
    throw err;
  }
}
