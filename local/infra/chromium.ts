import { existsSync } from "node:fs";
import { aptInstall } from "./apt.js";
import type { Log } from "./types.js";

// Debian's package: playwright-core drives the system browser and never downloads one of its own.
const CHROMIUM_PACKAGE = "chromium";
const SYSTEM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"];

/** CHROMIUM_PATH when set (an override never falls back), else where Debian, Ubuntu and snap put it. */
function candidates(): string[] {
  const chosen = process.env.CHROMIUM_PATH;
  return chosen ? [chosen] : SYSTEM_PATHS;
}

/** The Chromium the browser tests launch; throws, naming the package, when there is none. */
export function requireChromium(): string {
  const found = candidates().find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    `Chromium not found (tried ${candidates().join(", ")}): install Debian package ${CHROMIUM_PACKAGE} ` +
      `(\`npm test\` does, as root or with sudo) or set CHROMIUM_PATH to a Chromium.`,
  );
}

/** Installs Debian's chromium unless a browser is already there (or CHROMIUM_PATH names one). */
export async function ensureChromium(log: Log): Promise<string> {
  if (!process.env.CHROMIUM_PATH && !SYSTEM_PATHS.some((path) => existsSync(path))) await aptInstall([CHROMIUM_PACKAGE], log);
  return requireChromium();
}
