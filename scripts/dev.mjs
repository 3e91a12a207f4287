// `npm run dev` must work on a fresh clone, before node_modules exists: plain Node, no TypeScript.
import { ensureDependencies, runTs } from "./bootstrap.mjs";

ensureDependencies();
runTs("local/launcher/dev.ts", process.argv.slice(2));
