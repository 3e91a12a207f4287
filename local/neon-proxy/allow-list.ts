/** A Postgres address the proxy may connect to. Hosts are lower-cased and stripped of IPv6 brackets. */
export interface PgAddress {
  host: string;
  port: number;
}

/** Answers whether the proxy may open a connection to an address. */
export type AllowList = (address: PgAddress) => boolean;

export function normalizeHost(host: string): string {
  // URLs bracket IPv6 hosts ("[::1]") while the WebSocket `address` parameter does not ("::1:5432").
  return host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
}

/** Parses `host:port`, splitting at the last colon so that bare IPv6 hosts work too. */
export function parseAddress(address: string): PgAddress | undefined {
  const separator = address.lastIndexOf(":");
  if (separator <= 0) return undefined;
  const host = normalizeHost(address.slice(0, separator));
  const portText = address.slice(separator + 1);
  if (host === "" || !/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65_535) return undefined;
  return { host, port };
}

export function formatAddress({ host, port }: PgAddress): string {
  return `${host}:${port}`;
}

/**
 * Builds an exact-match allow-list. Names are not resolved, so `localhost:5432` and
 * `127.0.0.1:5432` are different entries: a client can only reach what was listed verbatim.
 */
export function createAllowList(addresses: readonly string[]): AllowList {
  const allowed = new Set<string>();
  for (const entry of addresses) {
    const address = parseAddress(entry);
    if (!address) throw new Error(`neon-proxy: invalid allowed address ${JSON.stringify(entry)}, expected host:port`);
    allowed.add(formatAddress(address));
  }
  return (address) => allowed.has(formatAddress({ host: normalizeHost(address.host), port: address.port }));
}
