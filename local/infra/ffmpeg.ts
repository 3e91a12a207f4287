import { ensureAptPackages } from "./apt.js";
import type { Log } from "./types.js";
import { requireBinary } from "./which.js";

export async function ensureFfmpeg(log: Log): Promise<{ ffmpeg: string; ffprobe: string }> {
  await ensureAptPackages(
    [
      { binary: "ffmpeg", aptPackage: "ffmpeg" },
      { binary: "ffprobe", aptPackage: "ffmpeg" },
    ],
    log,
  );
  return { ffmpeg: requireBinary("ffmpeg", "ffmpeg"), ffprobe: requireBinary("ffprobe", "ffmpeg") };
}
