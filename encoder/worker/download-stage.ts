import { join } from "node:path";
import { downloadObject, isMissingObject } from "../storage/index.js";
import type { JobRun } from "./job-context.js";
import { PoisonJobError } from "./job-errors.js";

const SOURCE_FILE = "source";

/** Streams the uploaded source into the work directory; resolves with its local path. */
export async function downloadSource(run: JobRun): Promise<string> {
  const path = join(run.workDir, SOURCE_FILE);
  run.progress.report("downloading", 0);
  try {
    const bytes = await downloadObject(run.deps.s3, {
      bucket: run.deps.bucket,
      key: run.job.source_key,
      path,
      signal: run.signal,
      onProgress: (received, total) => run.progress.report("downloading", received / (total ?? run.job.size_bytes)),
    });
    run.log.debug("source downloaded", { bytes });
  } catch (err) {
    // Deleted with its video, or never completed: no number of retries brings it back.
    if (isMissingObject(err)) throw new PoisonJobError(`source ${run.job.source_key} is not in storage`, { cause: err });
    throw err;
  }
  return path;
}
