import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { BrowserTokenPair, TokenPair } from "../../shared/contracts/auth.js";

/**
 * The web app's way of keeping the refresh token: an httpOnly cookie that page scripts cannot read,
 * sent by the browser to `/auth/refresh` only. A client opts in per request with `X-Refresh-Cookie: 1`;
 * without it the JSON API is unchanged (the refresh token travels in the body).
 *
 * CSRF: the cookie is SameSite=Strict, so no other site's page makes the browser send it; and the
 * cookie is only honoured together with the custom header, which a cross-origin page cannot add without
 * a CORS preflight that the edge never grants for it (it is not in the allowed request headers), so not
 * even a sibling subdomain (same site, other origin) can use it.
 */
export const REFRESH_COOKIE = "vod_refresh";
export const REFRESH_COOKIE_PATH = "/auth/refresh";
export const COOKIE_MODE_HEADER = "X-Refresh-Cookie";

export const wantsRefreshCookie = (c: Context) => c.req.header(COOKIE_MODE_HEADER) === "1";

// Secure only over https (or behind a proxy that terminated it): browsers drop Secure cookies on http://127.0.0.1.
const isHttps = (c: Context) => new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";

const options = (c: Context) => ({ httpOnly: true, secure: isHttps(c), sameSite: "Strict" as const, path: REFRESH_COOKIE_PATH });

/** Sets the cookie and answers without the refresh token in the body: page scripts never hold it. */
export function handOverInCookie(c: Context, pair: TokenPair): BrowserTokenPair {
  setCookie(c, REFRESH_COOKIE, pair.refresh_token, { ...options(c), maxAge: pair.refresh_expires_in });
  const { refresh_token: _kept, ...rest } = pair;
  return rest;
}

export const refreshTokenFromCookie = (c: Context): string | undefined => getCookie(c, REFRESH_COOKIE) || undefined;

export function clearRefreshCookie(c: Context): void {
  deleteCookie(c, REFRESH_COOKIE, options(c));
}
