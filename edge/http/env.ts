import type { EdgePorts } from "../ports.js";

/** Hono environment shared by every edge route: ports and the caller's address are set per request. */
export interface EdgeEnv {
  Variables: { ports: EdgePorts; clientAddress: string };
}
