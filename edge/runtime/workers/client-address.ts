import type { Context } from "hono";
import { getConnInfo } from "hono/cloudflare-workers";

/**
 * What Cloudflare reports (CF-Connecting-IP): Cloudflare sets it itself, replacing whatever the client
 * sent, so no forwarding header is believed here and TRUSTED_PROXIES does not apply. `wrangler dev`
 * (workerd under miniflare) does not: the header arrives as the client wrote it, so a new value per request
 * would be a new rate-limit bucket per request. Locally every caller is therefore the one address that
 * wrangler.toml's top-level vars name (LOCAL_CLIENT_ADDRESS); the deployed environments do not inherit it.
 */
export const workersClientAddress = (c: Context): string =>
  (c.env as { LOCAL_CLIENT_ADDRESS?: string } | undefined)?.LOCAL_CLIENT_ADDRESS || (getConnInfo(c).remote.address ?? "");
