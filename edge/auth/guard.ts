import { createMiddleware } from "hono/factory";
import { unauthorized } from "../../shared/errors.js";
import type { EdgeEnv } from "../http/env.js";
import { verifyAccessToken, type AccessClaims } from "./access-tokens.js";
import { isRevoked } from "./revocation.js";

export const tokenSettings = (c: { var: EdgeEnv["Variables"] }) => ({
  issuer: c.var.ports.config.JWT_ISSUER,
  audience: c.var.ports.config.JWT_AUDIENCE,
  ttlSeconds: c.var.ports.config.ACCESS_TOKEN_TTL_SECONDS,
});

/** Bearer JWT -> verified, not revoked claims in `c.var.auth`; anything else is 401 (503 if Redis is down). */
export const requireUser = createMiddleware<EdgeEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  if (!match?.[1]) throw unauthorized();
  const { keys, redis, clock } = c.var.ports;
  const claims = await verifyAccessToken(keys, tokenSettings(c), match[1], clock());
  if (await isRevoked(redis, claims.jti, claims.sessionId)) throw unauthorized();
  c.set("auth", claims);
  await next();
});

/** The verified caller of a route behind `requireUser`; refuses (401) if the guard did not run. */
export function signedIn(c: { var: EdgeEnv["Variables"] }): AccessClaims {
  if (!c.var.auth) throw unauthorized();
  return c.var.auth;
}
