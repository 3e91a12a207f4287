import { BlockList, isIP, isIPv4 } from "node:net";

const IPV4_PREFIX_BITS = 32;
const CIDR = /^([0-9.]+)(?:\/(\d{1,2}))?$/;

/**
 * Whether a viewer address is inside a policy's `AWS:SourceIp`. CloudFront policies take IPv4 CIDRs
 * only, so an IPv6 viewer never matches (IPv4-mapped IPv6, as Node reports on dual-stack sockets, does).
 * Returns null for a CIDR that is not one, so the caller can refuse the policy as malformed.
 */
export function sourceIpAllowed(cidr: string, clientIp: string | undefined): boolean | null {
  const match = CIDR.exec(cidr);
  const address = match?.[1];
  if (!match || address === undefined || !isIPv4(address)) return null;
  const prefix = match[2] === undefined ? IPV4_PREFIX_BITS : Number(match[2]);
  if (prefix > IPV4_PREFIX_BITS) return null;
  if (clientIp === undefined) return false;
  const family = isIP(clientIp);
  if (family === 0) return false;
  const allowed = new BlockList();
  allowed.addSubnet(address, prefix, "ipv4");
  return allowed.check(clientIp, family === 4 ? "ipv4" : "ipv6");
}
