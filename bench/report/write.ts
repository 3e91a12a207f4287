import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderMarkdown, type Report } from "./markdown.js";

export const RESULTS_DIR = join(import.meta.dirname, "..", "results");

/**
 * Writes `<timestamp>.md` and `<timestamp>.json` under bench/results/, and `latest.md` / `latest.json` too
 * when every figure ran (a run of some figures must not replace the full report). Returns what it wrote.
 */
export async function writeReport(report: Report, complete: boolean): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = report.at.replace(/[:.]/g, "-");
  const md = renderMarkdown(report);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const names = [stamp, ...(complete ? ["latest"] : [])];
  const written: string[] = [];
  for (const name of names) {
    const base = join(RESULTS_DIR, name);
    await writeFile(`${base}.md`, md.replace(/the JSON file of the same name/, `\`${name}.json\``));
    await writeFile(`${base}.json`, json);
    written.push(`${base}.md`, `${base}.json`);
  }
  return written;
}
