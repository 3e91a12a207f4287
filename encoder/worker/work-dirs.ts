import { mkdtemp, readdir, rm, stat, utimes } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../../shared/logger.js";

// Video ids are `vid_<base32>`; anything else is kept out of the file system path.
const UNSAFE_PATH_CHARS = /[^A-Za-z0-9_-]/g;
// What createWorkDir makes, and all the sweep ever touches: `vid_…-XXXXXX` (mkdtemp's six characters).
const WORK_DIR_NAME = /^vid_[A-Za-z0-9_-]*-[A-Za-z0-9]{6}$/;

/** A fresh `<tmpDir>/<videoId>-XXXXXX` for one delivery. */
export function createWorkDir(tmpDir: string, videoId: string): Promise<string> {
  return mkdtemp(join(tmpDir, `${videoId.replace(UNSAFE_PATH_CHARS, "_")}-`));
}

/**
 * Marks a work directory as in use (its mtime) now and every `intervalMs`, the job's heartbeat, so a sweep
 * by any worker sharing the tmp dir leaves it alone. Returns the stop function.
 */
export function keepWorkDirAlive(dir: string, intervalMs: number): () => void {
  const touch = () => {
    const now = new Date();
    void utimes(dir, now, now).catch(() => undefined);
  };
  const timer = setInterval(touch, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Removes work directories nobody has touched for `staleAfterMs`: left by a worker that was killed
 * (SIGKILL, out of memory) before its own cleanup ran, with up to a whole encode's segments in them.
 * A live job touches its directory every heartbeat, far more often. Never throws; resolves with how
 * many directories it removed.
 */
export async function sweepAbandonedWorkDirs(tmpDir: string, staleAfterMs: number, log: Logger, now = Date.now()): Promise<number> {
  let removed = 0;
  try {
    for (const entry of await readdir(tmpDir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !WORK_DIR_NAME.test(entry.name)) continue;
      const dir = join(tmpDir, entry.name);
      const info = await stat(dir).catch(() => null);
      if (!info || now - info.mtimeMs < staleAfterMs) continue;
      await rm(dir, { recursive: true, force: true });
      removed += 1;
      log.info("abandoned work directory removed", { dir, idle_seconds: Math.round((now - info.mtimeMs) / 1000) });
    }
  } catch (err) {
    log.warn("work directories not swept", { err, tmpDir });
  }
  return removed;
}
