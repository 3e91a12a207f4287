import { isMissingObject, serveSource, type SourceServer } from "../storage/index.js";
import type { JobRun } from "./job-context.js";
import { PoisonJobError } from "./job-errors.js";

/**
 * Opens the uploaded source for ffprobe and ffmpeg to read straight from storage (see serveSource): no
 * download to wait for, whatever the size. Closed when the delivery ends.
 */
export async function openSource(run: JobRun): Promise<SourceServer> {
  try {
    const source = await serveSource(run.deps.s3, { bucket: run.deps.bucket, key: run.job.source_key });
    run.onEnd(() => source.close());
    run.log.debug("source opened", { bytes: source.sizeBytes });
    return source;
  } catch (err) {
    // Deleted with its video, or never completed: no number of retries brings it back.
    if (isMissingObject(err)) throw new PoisonJobError(`source ${run.job.source_key} is not in storage`, { cause: err });
    throw err;
  }
}

/**
 * What a failed read of the source says: when storage failed a read meanwhile, that is the error (the
 * attempt is retried), not what ffmpeg or ffprobe made of the cut-off bytes.
 */
export function sourceFailure(source: SourceServer, err: unknown): unknown {
  return source.storageError === undefined
    ? err
    : new Error("storage failed while the source was being read", { cause: source.storageError });
}
