import { storageKeys } from "../../shared/storage-keys.js";
import type { PackagedVideo } from "../media/index.js";
import { uploadFiles } from "../storage/index.js";
import type { JobRun } from "./job-context.js";

/** Uploads every packaged file under `videos/<videoId>/`; a redelivery overwrites the same keys. */
export async function uploadRenditions(run: JobRun, packaged: PackagedVideo): Promise<void> {
  run.progress.report("uploading", 0);
  await uploadFiles(run.deps.s3, {
    bucket: run.deps.bucket,
    dir: packaged.dir,
    files: packaged.files,
    keyPrefix: storageKeys.outputPrefix(run.job.video_id),
    concurrency: run.deps.uploadConcurrency,
    signal: run.signal,
    onProgress: (uploaded, total) => run.progress.report("uploading", uploaded / total),
  });
  run.log.info("uploaded", { files: packaged.files.length });
}
