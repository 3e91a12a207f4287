import type { EdgePorts } from "../ports/index.js";

/**
 * Hono environment shared by every edge route: ports and the caller's address are set per request.
 * The signed-in caller (`auth`) is declared by the auth guard, which sets it.
 */
export interface EdgeEnv {
  Variables: { ports: EdgePorts; clientAddress: string };
}
