import { spawnSync, spawn } from "node:child_process";
import { existsSync, lstatSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Installs npm dependencies when they are missing or older than the lockfile. */
export function ensureDependencies() {
  const marker = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  // npm ci would empty a linked node_modules where it points, under every checkout that shares it.
  if (existsSync(join(root, "node_modules")) && lstatSync(join(root, "node_modules")).isSymbolicLink()) {
    console.warn("[setup] node_modules is a link to a shared install: not reinstalling it, though package-lock.json is newer");
    return;
  }
  console.log("[setup] installing npm dependencies (npm ci)…");
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Runs a TypeScript entry with tsx, forwarding signals so Ctrl-C reaches its clean-up. */
export function runTs(entry, args, extraEnv = {}) {
  // `node --import tsx` rather than the tsx CLI: the CLI forks again, and a terminal's Ctrl-C reaching
  // both could make it hard-kill the launcher in the middle of its clean-up.
  const child = spawn(process.execPath, ["--import", "tsx", join(root, entry), ...args], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...extraEnv },
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
