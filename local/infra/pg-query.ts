import pg from "pg";

const CONNECT_TIMEOUT_MS = 3_000;

/** One short-lived connection: these helpers run a query or two, so a pool would only linger. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
