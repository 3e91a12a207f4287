import { getConnInfo } from "hono/deno";
import { clientAddressVia } from "../server/index.js";

/** Deno.serve's `info.remoteAddr`: the entry hands `info` in as the env. */
export const denoClientAddress = clientAddressVia(getConnInfo);
