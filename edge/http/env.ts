import type { AccessClaims } from "../auth/access-tokens.js";
import type { EdgePorts } from "../ports.js";

/**
 * Hono environment shared by every edge route: ports and the caller's address are set per request;
 * `auth` only behind `requireUser` (read it through `signedIn`).
 */
export interface EdgeEnv {
  Variables: { ports: EdgePorts; clientAddress: string; auth: AccessClaims | undefined };
}
