import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { spawnManaged, type ManagedChild } from "../infra/child.js";

export interface S3rverSpec {
  directory: string;
  address: string;
  /** 0 lets the OS choose; the child reports the port it got. */
  port: number;
  bucket: string;
  corsXml: string;
}

export interface S3rverChild {
  child: ManagedChild;
  port: number;
}

const RUNNER = fileURLToPath(new URL("./s3rver-runner.mjs", import.meta.url));
const LISTENING = /s3rver listening on \S+ port (\d+)/;
const POLL_MS = 50;

/**
 * Starts s3rver in a child Node process and resolves with the port it listens on.
 * A child rather than in-process because s3rver needs --openssl-legacy-provider (see the runner),
 * and that flag cannot be turned on in a process that is already running.
 */
export async function spawnS3rver(spec: S3rverSpec, deadline: number): Promise<S3rverChild> {
  const child = spawnManaged({
    name: "s3rver",
    command: process.execPath,
    args: ["--openssl-legacy-provider", RUNNER, JSON.stringify(spec)],
  });
  for (;;) {
    const port = LISTENING.exec(child.output())?.[1];
    if (port) return { child, port: Number(port) };
    const exit = child.exitStatus();
    if (exit !== undefined) {
      // The last lines can still be in the pipe when the exit event arrives.
      await sleep(POLL_MS * 4);
      throw new Error(`s3: s3rver ${exit} before listening. Its last output:\n${child.output()}`);
    }
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`s3: s3rver did not start listening in time. Its last output:\n${child.output()}`);
    }
    await sleep(POLL_MS);
  }
}
