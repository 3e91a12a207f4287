import { getConnInfo } from "hono/bun";
import { clientAddressVia } from "../server/index.js";

/** Bun's `server.requestIP`: the entry hands the server in as `env.server`. */
export const bunClientAddress = clientAddressVia(getConnInfo);
