// `npm test`: what the tests need installed, a type-check, then every vitest project against real services
// started as `npm run dev` starts them. Plain Node before node_modules exists, as scripts/dev.mjs.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ensureDependencies, root } from "./bootstrap.mjs";

ensureDependencies();
const offline = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
  WRANGLER_SEND_ERROR_REPORTS: "false",
};
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...offline } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const bin = (name) => join(root, "node_modules", ".bin", name);

const args = process.argv.slice(2);
const projects = args.flatMap((arg, i) => (arg === "--project" ? [args[i + 1]] : arg.startsWith("--project=") ? [arg.split("=")[1]] : []));
// Unit tests need nothing installed, so they also run where apt-get does not exist.
const unitOnly = projects.length > 0 && projects.every((project) => project === "unit");
if (!unitOnly) run(process.execPath, ["--import", "tsx", join(root, "local", "testing", "test-tools.ts")]);
console.log("[test] tsc --noEmit (Node code, then the Worker entry with its generated bindings)");
run(bin("tsc"), ["--noEmit", "-p", "."]);
run(bin("tsc"), ["--noEmit", "-p", "tsconfig.worker.json"]);
run(bin("vitest"), ["run", ...args]);
