import { probeMedia, type MediaInfo } from "../media/index.js";
import type { JobRun } from "./job-context.js";

/** Reads what the source is; a BadMediaError from here ends the job on its first attempt. */
export async function probeSource(run: JobRun, sourcePath: string): Promise<MediaInfo> {
  run.progress.report("probing", 0);
  const info = await probeMedia(sourcePath, { signal: run.signal });
  run.log.info("source probed", { ...info });
  return info;
}
