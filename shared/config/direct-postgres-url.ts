import { urlFromEnv } from "./parse-config.js";

// Neon's pooled endpoints carry this in the host name; PgBouncer in transaction mode keeps no session.
const POOLER_HOST = /-pooler\./;

/** A Postgres URL that must reach the server directly: LISTEN, advisory locks and long transactions need a session. */
export const directPostgresUrlFromEnv = (why: string) =>
  urlFromEnv(["postgres:", "postgresql:"]).refine(
    (url) => !POOLER_HOST.test(new URL(url).hostname),
    `must be a direct connection, not a pooler (${why})`,
  );
