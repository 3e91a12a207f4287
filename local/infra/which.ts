import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

// Debian puts nats-server in /usr/sbin, which is not on a regular user's PATH.
const SBIN_DIRS = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

/** Absolute path of an executable on PATH (or in the sbin dirs), or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), ...SBIN_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function requireBinary(name: string, aptPackage: string): string {
  const path = findBinary(name);
  if (path === undefined) throw new Error(`${name} not found even though Debian package ${aptPackage} should provide it`);
  return path;
}
