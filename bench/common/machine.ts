import { execFileSync } from "node:child_process";
import { cpus, loadavg, release } from "node:os";

export interface Machine {
  cpus: number;
  model: string;
  kernel: string;
  node: string;
  ffmpeg: string;
  /** 1, 5 and 15-minute load averages when the figure started and ended. */
  loadAtStart: number[];
  loadAtEnd?: number[];
}

const firstLine = (cmd: string, args: string[]) => {
  try {
    return (
      execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
        .split("\n")[0]
        ?.trim() ?? ""
    );
  } catch {
    return "not installed";
  }
};

export const loads = () => loadavg().map((l) => Math.round(l * 100) / 100);

export function describeMachine(): Machine {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? "unknown",
    kernel: release(),
    node: process.version,
    ffmpeg: firstLine("ffmpeg", ["-version"]).replace(/ Copyright.*/, ""),
    loadAtStart: loads(),
  };
}
