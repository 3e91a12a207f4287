import { spawn } from "node:child_process";
import { ProgressParser, progressFraction } from "./progress-parser.js";

/** Quiet, non-interactive: errors only on stderr, nothing read from stdin. */
export const QUIET_ARGS: readonly string[] = ["-nostdin", "-hide_banner", "-loglevel", "error", "-nostats"];
const PROGRESS_ARGS = ["-progress", "pipe:1"];
const STDERR_TAIL_LINES = 20;
/** ffmpeg flushes its encoders and writes the manifest on SIGTERM; past this it gets SIGKILL. */
const KILL_GRACE_MS = 3_000;

export class FfmpegError extends Error {
  constructor(
    message: string,
    /** null when ffmpeg could not start or was killed by a signal. */
    readonly exitCode: number | null,
    /** The last lines ffmpeg wrote to stderr: where it says what went wrong. */
    readonly stderrTail: string,
  ) {
    super(stderrTail ? `${message}: ${stderrTail}` : message);
    this.name = "FfmpegError";
  }
}

export interface RunFfmpegOptions {
  /** Expected output duration, to turn ffmpeg's output position into a fraction. */
  durationSeconds?: number;
  /** Called with a growing fraction in [0, 1], ending with 1 on success. */
  onProgress?: (fraction: number) => void;
  /** Aborting stops ffmpeg (SIGTERM, then SIGKILL) and rejects with the signal's reason once it has exited. */
  signal?: AbortSignal;
  binary?: string;
}

/** Runs ffmpeg without a shell; resolves when it exits with 0, rejects with an FfmpegError otherwise. */
export function runFfmpeg(args: string[], opts: RunFfmpegOptions = {}): Promise<void> {
  const { signal, onProgress, durationSeconds = 0 } = opts;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(opts.binary ?? "ffmpeg", [...QUIET_ARGS, ...PROGRESS_ARGS, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const parser = new ProgressParser();
    const tail: string[] = [];
    let partialErr = "";
    let reported = 0;
    let killTimer: NodeJS.Timeout | undefined;
    const report = (fraction: number) => {
      if (fraction > reported) onProgress?.((reported = fraction));
    };

    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      for (const u of parser.push(chunk)) {
        if (u.end) report(1);
        else if (u.outTimeUs !== undefined) report(progressFraction(u.outTimeUs, durationSeconds));
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (partialErr + chunk).split("\n");
      partialErr = lines.pop() ?? "";
      tail.push(...lines.filter((l) => l.trim() !== ""));
      tail.splice(0, Math.max(0, tail.length - STDERR_TAIL_LINES));
    });

    const onAbort = () => {
      child.kill("SIGTERM");
      killTimer = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    let spawnError: Error | undefined;
    child.on("error", (err) => (spawnError = err));
    child.on("close", (code, killedBy) => {
      clearTimeout(killTimer);
      signal?.removeEventListener("abort", onAbort);
      const stderrTail = [...tail, partialErr].filter((l) => l.trim() !== "").join("\n");
      if (signal?.aborted) return reject(signal.reason);
      if (spawnError) return reject(new FfmpegError(`ffmpeg could not start (${spawnError.message})`, null, stderrTail));
      if (code !== 0) {
        const how = killedBy ? `was killed by ${killedBy}` : `exited with code ${code}`;
        return reject(new FfmpegError(`ffmpeg ${how}`, code, stderrTail));
      }
      report(1);
      resolve();
    });
  });
}
