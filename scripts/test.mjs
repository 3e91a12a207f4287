// `npm test`: type-check, then every vitest project against real services started as `npm run dev` starts them.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ensureDependencies, root } from "./bootstrap.mjs";

ensureDependencies();
const offline = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_HIDE_BANNER: "true", WRANGLER_SEND_ERROR_REPORTS: "false" };
const run = (bin, args) => {
  const result = spawnSync(join(root, "node_modules", ".bin", bin), args, { cwd: root, stdio: "inherit", env: { ...process.env, ...offline } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

console.log("[test] tsc --noEmit");
run("tsc", ["--noEmit", "-p", "."]);
run("vitest", ["run", ...process.argv.slice(2)]);
