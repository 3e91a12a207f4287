import type { Context } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import type { EdgeEnv } from "../../http/index.js";

// A dual-stack socket reports an IPv4 peer as IPv4-mapped IPv6 (::ffff:10.0.0.1).
const plain = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");

/**
 * The client of a request whose socket peer is `peer`. X-Forwarded-For is believed only when the peer is
 * a trusted proxy, and then read from the right: each trusted hop appended the address it saw, so the
 * first untrusted one from the right is the client; whatever stands left of it the client may have written.
 */
export function clientBehindProxies(peer: string, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  const trusted = new Set(trustedProxies.map(plain));
  let client = plain(peer);
  if (!trusted.has(client) || !forwardedFor) return client;
  const hops = forwardedFor.split(",").map(plain).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    client = hops[i] ?? client;
    if (!trusted.has(client)) break;
  }
  return client;
}

/** The caller's address on a server runtime: the socket peer (Hono's getConnInfo), or behind TRUSTED_PROXIES whom they forwarded. */
export const clientAddressVia =
  (getConnInfo: GetConnInfo) =>
  (c: Context<EdgeEnv>): string =>
    clientBehindProxies(getConnInfo(c).remote.address ?? "", c.req.header("x-forwarded-for"), c.var.ports.config.TRUSTED_PROXIES);
