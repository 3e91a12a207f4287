import type { Context } from "hono";
import { getConnInfo } from "hono/cloudflare-workers";

/**
 * What Cloudflare reports (CF-Connecting-IP): Cloudflare sets it itself, replacing whatever the client
 * sent, so no forwarding header is believed here and TRUSTED_PROXIES does not apply.
 */
export const workersClientAddress = (c: Context): string => getConnInfo(c).remote.address ?? "";
