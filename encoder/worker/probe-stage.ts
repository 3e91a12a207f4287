import { probeMedia, type MediaInfo } from "../media/index.js";
import type { SourceServer } from "../storage/index.js";
import type { JobRun } from "./job-context.js";
import { sourceFailure } from "./source-stage.js";

/** Reads what the source is; a BadMediaError from here ends the job on its first attempt. */
export async function probeSource(run: JobRun, source: SourceServer): Promise<MediaInfo> {
  run.progress.report("probe", 0);
  try {
    const info = await probeMedia(source.url, { signal: run.signal });
    run.log.info("source probed", { ...info });
    return info;
  } catch (err) {
    throw sourceFailure(source, err);
  }
}
