import { z } from "zod";

const SCHEMES = ["nats:", "tls:"];

function isServer(entry: string): boolean {
  // The client also takes bare host:port; URL parsing needs a scheme to check it.
  const candidate = entry.includes("://") ? entry : `nats://${entry}`;
  try {
    const url = new URL(candidate);
    return SCHEMES.includes(url.protocol) && url.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * NATS_URL as a comma-separated list: every member of a cluster should be given, so a client that
 * starts while one server is down still finds the others.
 */
export const natsServersFromEnv = () =>
  z
    .string()
    .transform((list) =>
      list
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine((servers) => servers.length > 0, "must name at least one server")
    .refine((servers) => servers.every(isServer), "every entry must be nats://host:port, tls://host:port or host:port");
