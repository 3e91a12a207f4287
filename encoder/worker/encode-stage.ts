import { join } from "node:path";
import { packageVideo, planLadder, type MediaInfo, type PackagedVideo } from "../media/index.js";
import type { JobRun } from "./job-context.js";

const OUTPUT_DIR = "out";
const MS_PER_SECOND = 1_000;

/** Plans the ladder and encodes and packages every rung into the work directory. */
export async function encodeRenditions(run: JobRun, sourcePath: string, info: MediaInfo): Promise<PackagedVideo> {
  const rungs = planLadder(info);
  run.log.info("encoding", { rungs: rungs.map((r) => r.name) });
  run.progress.report("encoding", 0);
  const started = performance.now();
  const packaged = await packageVideo({
    source: sourcePath,
    outDir: join(run.workDir, OUTPUT_DIR),
    info,
    rungs,
    signal: run.signal,
    onProgress: (fraction) => run.progress.report("encoding", fraction),
  });
  const wallSeconds = (performance.now() - started) / MS_PER_SECOND;
  if (wallSeconds > 0 && info.durationSeconds > 0) run.deps.metrics.realtimeFactor.observe(info.durationSeconds / wallSeconds);
  run.log.info("encoded", { files: packaged.files.length, wallSeconds: Number(wallSeconds.toFixed(2)) });
  return packaged;
}
