import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  browserTokenPair,
  loginBody,
  publicUser,
  refreshBody,
  registerBody,
  tokenPair,
  type TokenPair,
} from "../../shared/contracts/auth.js";
import { envelope } from "../../shared/http/envelope.js";
import { AppError, invalid, notFound, unauthorized } from "../../shared/errors.js";
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, edgeRoutes, type EdgeEnv } from "../http/index.js";
import { findUserById, presentUser } from "../accounts/index.js";
import { requireUser, signedIn } from "./guard.js";
import {
  clearRefreshCookie,
  COOKIE_MODE_HEADER,
  handOverInCookie,
  REFRESH_COOKIE,
  refreshTokenFromCookie,
  wantsRefreshCookie,
} from "./refresh-cookie.js";
import { login, logout, refresh, register } from "./sign-in.js";

const tags = ["auth"];
// JSON clients get the pair; a browser that sends X-Refresh-Cookie: 1 gets the refresh token as an httpOnly cookie instead.
const pairOrBrowserPair = z.union([tokenPair, browserTokenPair]);
const cookieMode = {
  headers: z.object({
    [COOKIE_MODE_HEADER.toLowerCase()]: z
      .string()
      .optional()
      .openapi({
        example: "1",
        description: `"1" for browsers: keep the refresh token in the httpOnly cookie ${REFRESH_COOKIE} (path /auth/refresh, SameSite=Strict) instead of the body`,
      }),
  }),
};
const pairFor = (c: Context, pair: TokenPair) => (wantsRefreshCookie(c) ? handOverInCookie(c, pair) : pair);

const registerRoute = createRoute({
  method: "post",
  path: "/auth/register",
  operationId: "registerUser",
  summary: "Create an account",
  description:
    "Creates an account and signs it in, answering with a token pair. Rate limited per address. Browsers send `X-Refresh-Cookie: 1` to get the refresh token as an httpOnly cookie instead of in the body.",
  tags,
  request: { body: jsonBody(registerBody), ...cookieMode },
  responses: {
    201: jsonResponse("Account created and signed in", pairOrBrowserPair),
    ...errorResponses({ 400: "Invalid input or email taken", 429: "Too many sign-ups from this address; see Retry-After" }),
  },
});

const loginRoute = createRoute({
  method: "post",
  path: "/auth/login",
  operationId: "logIn",
  summary: "Sign in",
  description:
    "Signs in with email and password, answering with a token pair. An unknown email and a wrong password get the same 401. Rate limited per address and email, and per address.",
  tags,
  request: { body: jsonBody(loginBody), ...cookieMode },
  responses: {
    200: jsonResponse("Signed in", pairOrBrowserPair),
    ...errorResponses({ 401: "Unknown email or wrong password (same answer)", 429: "Too many attempts; see Retry-After" }),
  },
});

const refreshRoute = createRoute({
  method: "post",
  path: "/auth/refresh",
  operationId: "refreshToken",
  summary: "Renew the token pair",
  description:
    "Spends a refresh token for a new pair. Presenting a spent one revokes the whole session, except within a short grace while its successor is still unused (a reload lost the answer). In cookie mode the refresh token comes from the httpOnly cookie and no body is needed.",
  tags,
  // No body needed in cookie mode: the cookie carries the refresh token.
  request: { body: { ...jsonBody(refreshBody), required: false }, ...cookieMode },
  responses: {
    200: jsonResponse("A new token pair; the presented refresh token is spent", pairOrBrowserPair),
    ...errorResponses({
      400: "No refresh_token in the body (JSON clients)",
      401: "Unknown, expired or reused refresh token (reuse revokes the session); in cookie mode the cookie is cleared",
    }),
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/auth/logout",
  operationId: "logOut",
  summary: "Sign out",
  description:
    "Revokes the presented access token and every refresh token of its session; in cookie mode the refresh cookie is cleared too.",
  tags,
  security: bearerSecurity,
  middleware: [requireUser],
  request: cookieMode,
  responses: {
    200: jsonResponse("Signed out (in cookie mode the refresh cookie is cleared too)", z.object({})),
  },
});

const profileRoute = createRoute({
  method: "get",
  path: "/auth/profile",
  operationId: "getProfile",
  summary: "The signed-in user",
  description: "The user the access token belongs to, read fresh from the database.",
  tags,
  security: bearerSecurity,
  middleware: [requireUser],
  responses: {
    200: jsonResponse("The signed-in user", z.object({ user: publicUser })),
    ...errorResponses({ 404: "The account no longer exists" }),
  },
});

export const authRoutes = edgeRoutes()
  .openapi(registerRoute, async (c) => {
    const pair = await register(c.var.ports, c.req.valid("json"), c.var.clientAddress, c.req.header("user-agent") ?? null);
    return c.json(envelope("Registered", pairFor(c, pair)), 201);
  })
  .openapi(loginRoute, async (c) => {
    const pair = await login(c.var.ports, c.req.valid("json"), c.var.clientAddress, c.req.header("user-agent") ?? null);
    return c.json(envelope("Logged in", pairFor(c, pair)), 200);
  })
  .openapi(refreshRoute, async (c) => {
    if (wantsRefreshCookie(c)) return c.json(envelope("Token refreshed", handOverInCookie(c, await refreshFromCookie(c))), 200);
    // Validated when the body is JSON; any other body lacks the field, as before.
    const presented = (c.req.valid("json") as { refresh_token: string } | undefined)?.refresh_token;
    if (!presented) throw invalid({ refresh_token: ["The refresh_token field is required."] });
    return c.json(envelope("Token refreshed", await refresh(c.var.ports, presented)), 200);
  });

/** A missing, unknown or spent cookie is a 401 that also clears it, so the browser stops presenting it. */
async function refreshFromCookie(c: Context<EdgeEnv>): Promise<TokenPair> {
  try {
    const presented = refreshTokenFromCookie(c);
    if (!presented) throw unauthorized();
    return await refresh(c.var.ports, presented);
  } catch (error) {
    // Not on a 503: a passing outage must not sign the browser out.
    if (error instanceof AppError && error.kind === "unauthorized") clearRefreshCookie(c);
    throw error;
  }
}

export const authSessionRoutes = edgeRoutes()
  .openapi(logoutRoute, async (c) => {
    await logout(c.var.ports, signedIn(c));
    if (wantsRefreshCookie(c)) clearRefreshCookie(c);
    return c.json(envelope("Logged out", {}), 200);
  })
  .openapi(profileRoute, async (c) => {
    const user = await findUserById(c.var.ports.db, signedIn(c).userId);
    if (!user) throw notFound();
    return c.json(envelope("Profile", { user: presentUser(user) }), 200);
  });
