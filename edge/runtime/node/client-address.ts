import { getConnInfo } from "@hono/node-server/conninfo";
import { clientAddressVia } from "../server/index.js";

/** @hono/node-server hands the socket in as `env.incoming`. */
export const nodeClientAddress = clientAddressVia(getConnInfo);
