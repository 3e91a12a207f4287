import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { unauthorized } from "../../shared/errors.js";
import type { EdgeEnv } from "../http/index.js";
import { tokenSettings, verifyAccessToken, type AccessClaims } from "./access-tokens.js";
import { isRevoked } from "./revocation.js";

// As Hono's own jwt middleware declares `jwtPayload`: every route may read the caller, only the guards set it.
declare module "hono" {
  interface ContextVariableMap {
    /** Set by `requireUser` and `optionalUser`; read it through `signedIn`. */
    auth: AccessClaims | undefined;
  }
}

async function authenticate(c: Context<EdgeEnv>, header: string): Promise<AccessClaims> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  if (!match?.[1]) throw unauthorized();
  const { config, keys, redis, clock } = c.var.ports;
  const claims = await verifyAccessToken(keys, tokenSettings(config), match[1], clock());
  if (await isRevoked(redis, claims.jti, claims.sessionId)) throw unauthorized();
  return claims;
}

/** Bearer JWT -> verified, not revoked claims in `c.var.auth`; anything else is 401 (503 if Redis is down). */
export const requireUser = createMiddleware<EdgeEnv>(async (c, next) => {
  c.set("auth", await authenticate(c, c.req.header("authorization") ?? ""));
  await next();
});

/** For routes anyone may call: no Authorization header means anonymous; a bad one is still a 401. */
export const optionalUser = createMiddleware<EdgeEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  c.set("auth", header === undefined ? undefined : await authenticate(c, header));
  await next();
});

/** The verified caller of a route behind `requireUser`; refuses (401) if the guard did not run. */
export function signedIn(c: { var: { auth?: AccessClaims | undefined } }): AccessClaims {
  if (!c.var.auth) throw unauthorized();
  return c.var.auth;
}
