// `npm run db:migrate`: applies migrations/ to DATABASE_URL. Plain Node before node_modules exists, as scripts/dev.mjs.
import { ensureDependencies, runTs } from "./bootstrap.mjs";

ensureDependencies();
runTs("local/launcher/migrate-cli.ts", process.argv.slice(2));
