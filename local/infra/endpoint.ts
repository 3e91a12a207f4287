export interface Endpoint {
  host: string;
  port: number;
}

export function endpointOf(url: string, defaultPort: number): Endpoint {
  const parsed = new URL(url);
  // URL keeps the brackets of IPv6 literals; sockets and servers want them bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1";
  const port = parsed.port === "" ? defaultPort : Number(parsed.port);
  return { host, port };
}

/** Only a server on this machine can be started by us; a remote URL must already answer. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/** Redis' --bind takes addresses only, so name the loopback address ourselves. */
export function bindAddress(host: string): string {
  return host === "localhost" ? "127.0.0.1" : host;
}
