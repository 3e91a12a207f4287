import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { loginBody, publicUser, refreshBody, registerBody, tokenPair } from "../../shared/contracts/auth.js";
import { envelope } from "../../shared/http/envelope.js";
import { notFound } from "../../shared/errors.js";
import type { EdgeEnv } from "../http/env.js";
import { bearerSecurity, errorResponse, jsonBody, jsonResponse } from "../http/openapi.js";
import { fieldsHook } from "../http/validation.js";
import { findUserById } from "../users/repository.js";
import { presentUser } from "../users/present.js";
import { requireUser, signedIn } from "./guard.js";
import { login, logout, refresh, register } from "./service.js";

const tags = ["auth"];

const registerRoute = createRoute({
  method: "post",
  path: "/auth/register",
  tags,
  request: { body: jsonBody(registerBody) },
  responses: {
    201: jsonResponse("Account created and signed in", tokenPair),
    400: errorResponse("Invalid input or email taken"),
  },
});

const loginRoute = createRoute({
  method: "post",
  path: "/auth/login",
  tags,
  request: { body: jsonBody(loginBody) },
  responses: {
    200: jsonResponse("Signed in", tokenPair),
    400: errorResponse("Invalid input"),
    401: errorResponse("Unknown email or wrong password (same answer)"),
    429: errorResponse("Too many attempts; see Retry-After"),
  },
});

const refreshRoute = createRoute({
  method: "post",
  path: "/auth/refresh",
  tags,
  request: { body: jsonBody(refreshBody) },
  responses: {
    200: jsonResponse("A new token pair; the presented refresh token is spent", tokenPair),
    401: errorResponse("Unknown, expired or reused refresh token (reuse revokes the session)"),
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/auth/logout",
  tags,
  security: bearerSecurity,
  middleware: [requireUser],
  responses: { 200: jsonResponse("Signed out", z.object({})), 401: errorResponse("Not signed in") },
});

const profileRoute = createRoute({
  method: "get",
  path: "/auth/profile",
  tags,
  security: bearerSecurity,
  middleware: [requireUser],
  responses: { 200: jsonResponse("The signed-in user", z.object({ user: publicUser })), 401: errorResponse("Not signed in") },
});

export const authRoutes = new OpenAPIHono<EdgeEnv>()
  .openapi(
    registerRoute,
    async (c) => {
      const pair = await register(c.var.ports, c.req.valid("json"), c.req.header("user-agent") ?? null);
      return c.json(envelope("Registered", pair), 201);
    },
    fieldsHook(registerBody),
  )
  .openapi(
    loginRoute,
    async (c) => {
      const pair = await login(c.var.ports, c.req.valid("json"), c.var.clientAddress, c.req.header("user-agent") ?? null);
      return c.json(envelope("Logged in", pair), 200);
    },
    fieldsHook(loginBody),
  )
  .openapi(
    refreshRoute,
    async (c) => c.json(envelope("Token refreshed", await refresh(c.var.ports, c.req.valid("json").refresh_token)), 200),
    fieldsHook(refreshBody),
  );

export const authSessionRoutes = new OpenAPIHono<EdgeEnv>()
  .openapi(logoutRoute, async (c) => {
    await logout(c.var.ports, signedIn(c));
    return c.json(envelope("Logged out", {}), 200);
  })
  .openapi(profileRoute, async (c) => {
    const user = await findUserById(c.var.ports.db, signedIn(c).userId);
    if (!user) throw notFound();
    return c.json(envelope("Profile", { user: presentUser(user) }), 200);
  });
