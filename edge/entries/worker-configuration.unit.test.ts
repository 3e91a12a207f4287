import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { WRANGLER_OFFLINE_ENV } from "../../local/launcher/wrangler-env.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TYPES = "edge/entries/worker-configuration.d.ts";
const WRANGLER_TIMEOUT_MS = 60_000;

it(`${TYPES} is what \`npm run types:worker\` generates from wrangler.toml`, { timeout: WRANGLER_TIMEOUT_MS }, async () => {
  const script: string = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")).scripts["types:worker"];
  const [bin = "", ...args] = script.split(" ");
  expect(args).toContain(TYPES);
  // The same command in a scratch copy of what it reads (the config and the entry it names): the header and
  // the entry's import are relative paths, so only the same layout gives the same text.
  const scratch = await mkdtemp(join(tmpdir(), "worker-types-"));
  try {
    await mkdir(join(scratch, "edge/entries"), { recursive: true });
    await copyFile(join(ROOT, "wrangler.toml"), join(scratch, "wrangler.toml"));
    await symlink(join(ROOT, "edge/entries/worker.ts"), join(scratch, "edge/entries/worker.ts"));
    await promisify(execFile)(join(ROOT, "node_modules/.bin", bin), args, {
      cwd: scratch,
      env: { ...process.env, ...WRANGLER_OFFLINE_ENV },
      timeout: WRANGLER_TIMEOUT_MS,
    });
    expect(await readFile(join(scratch, TYPES), "utf8"), "run `npm run types:worker` and commit the result").toBe(
      await readFile(join(ROOT, TYPES), "utf8"),
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});
