import { existsSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * A generated input file kept between runs: made only when missing, written under a `.partial` name and
 * renamed when complete, so an interrupted run never leaves a truncated file that a later one would reuse.
 */
export async function madeOnce(path: string, make: (partial: string) => Promise<unknown>): Promise<string> {
  if (existsSync(path)) return path;
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.partial.mp4`;
  await make(partial);
  await rename(partial, path);
  return path;
}
