import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { childCpuSeconds } from "./child-cpu.js";

export interface Timing {
  wallSeconds: number;
  /** User + system CPU of the ffmpeg processes. */
  cpuSeconds: number;
}

/** Times `work`, counting the CPU of every child process it ran to completion. */
export async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const cpu0 = childCpuSeconds();
  const t0 = performance.now();
  await work();
  return { wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: childCpuSeconds() - cpu0 };
}

/** Runs a command without a shell, rejecting with its stderr when it fails. */
export function run(binary: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${binary} exited with ${code}: ${stderr.slice(-2000)}`))));
  });
}

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
