import type { PoolConfig } from "pg";
import { normalizeHost, type PgAddress } from "./allow-list.js";

const DEFAULT_PG_PORT = 5432;

/** Where and how to connect for one `Neon-Connection-String`. */
export interface PgTarget {
  address: PgAddress;
  config: PoolConfig;
  /** Identifies the pool to use. Holds the password, so it must never be logged. */
  poolKey: string;
}

/**
 * Reads the connection string the driver sends with every HTTP query. Only identity fields are
 * honoured: TLS parameters such as `sslmode=require` describe the client's hop to Neon, not our
 * plain local hop to Postgres, so they are deliberately ignored.
 */
export function parseConnectionString(raw: string): PgTarget | undefined {
  try {
    return toTarget(new URL(raw));
  } catch {
    // Both URL parsing and percent-decoding of user, password and database throw on bad input.
    return undefined;
  }
}

function toTarget(url: URL): PgTarget | undefined {
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") return undefined;

  const host = normalizeHost(url.hostname);
  const port = url.port === "" ? DEFAULT_PG_PORT : Number(url.port);
  const user = decodeURIComponent(url.username);
  if (host === "" || user === "") return undefined;

  const password = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.slice(1)) || user;
  const applicationName = url.searchParams.get("application_name") ?? undefined;

  return {
    address: { host, port },
    config: { host, port, user, database, password: password || undefined, application_name: applicationName },
    poolKey: JSON.stringify([host, port, user, password, database, applicationName ?? null]),
  };
}
