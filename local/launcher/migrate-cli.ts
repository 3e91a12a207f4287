import { applyMigrations } from "./migrate.js";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is required, e.g. postgres://postgres@127.0.0.1:5432/vod");
  process.exit(1);
}
await applyMigrations(url);
console.log("migrations applied");
