import { spawn } from "node:child_process";
import { OutputTail } from "./output-tail.js";

export interface RunResult {
  ok: boolean;
  /** Last lines of stdout and stderr interleaved; apt and initdb print too much to keep whole. */
  output: string;
}

export interface RunOptions {
  uid?: number;
  gid?: number;
  cwd?: string;
}

/** Runs a command to completion. Never rejects: a missing executable is reported as a failed run. */
export function run(command: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const tail = new OutputTail();
    const child = spawn(command, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    tail.follow(child.stdout);
    tail.follow(child.stderr);
    child.once("error", (err) => resolve({ ok: false, output: `${command}: ${err.message}` }));
    child.once("close", (code) => resolve({ ok: code === 0, output: tail.text() }));
  });
}
