import { withClient } from "./pg-query.js";

// Concurrent CREATE DATABASEs of one name: the loser sees either code, depending on timing.
const ALREADY_EXISTS = new Set(["42P04" /* duplicate_database */, "23505" /* unique_violation */]);
// Unquoted Postgres identifiers fold to lower case; allowing only these keeps names exactly as given.
const PLAIN_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates database `name` on the server of `adminUrl` unless it exists; returns its URL. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  if (!PLAIN_NAME.test(name)) throw new Error(`database name ${JSON.stringify(name)} must be lower-case letters, digits and _`);
  await withClient(adminUrl, async (client) => {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount !== 0) return;
    try {
      await client.query(`create database ${name}`);
    } catch (err) {
      // Another process (a parallel test worker) may have created it since our lookup.
      if (!(err instanceof Error && "code" in err && ALREADY_EXISTS.has(String(err.code)))) throw err;
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
