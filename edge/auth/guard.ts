import type { Context, Next } from "hono";
import { createMiddleware } from "hono/factory";
import { unauthorized } from "../../shared/errors.js";
import type { EdgeEnv } from "../http/index.js";
import { holdWrites } from "../ports/index.js";
import { tokenSettings, verifyAccessToken, type AccessClaims } from "./access-tokens.js";
import { isRevoked } from "./revocation.js";

// As Hono's own jwt middleware declares `jwtPayload`: every route may read the caller, only the guards set it.
declare module "hono" {
  interface ContextVariableMap {
    /** Set by `requireUser` and `optionalUser`; read it through `signedIn`. */
    auth: AccessClaims | undefined;
  }
}

/**
 * Methods that change nothing: their work runs while the revocation check is in flight, so the database read
 * and the Redis read cost one round trip together instead of two in a row. Their answer is released only
 * after the check (a revoked token gets 401 even though the read ran), so nothing reaches a revoked caller.
 */
const READ_METHODS = new Set(["GET", "HEAD"]);

interface Verified {
  claims: AccessClaims;
  /** Resolves when the token is not revoked; rejects with 401 when it is, with 503 when Redis cannot tell. */
  decision: Promise<void>;
}

/** The signature and expiry are checked here and now (no I/O); the revocation check is started, not awaited. */
async function verify(c: Context<EdgeEnv>, header: string): Promise<Verified> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  if (!match?.[1]) throw unauthorized();
  const { config, keys, redis, clock } = c.var.ports;
  const claims = await verifyAccessToken(keys, tokenSettings(config), match[1], clock());
  const decision = isRevoked(redis, claims.jti, claims.sessionId).then((revoked) => {
    if (revoked) throw unauthorized();
  });
  // Awaited later (after the read); marked handled now so a rejection meanwhile is not an unhandled one.
  decision.catch(() => undefined);
  return { claims, decision };
}

/**
 * Writes wait for the decision before the route runs; reads run beside it and are held back until it is in.
 * A route that runs beside it gets ports whose writes (Neon, and so the outbox; object storage) wait for the
 * decision themselves, so no handler has to remember to: a revoked token cannot write through any of them.
 * Either way an error the decision raises replaces whatever the route answered.
 */
async function guarded(c: Context<EdgeEnv>, next: Next, verified: Verified, opts: GuardOptions): Promise<void> {
  c.set("auth", verified.claims);
  if (READ_METHODS.has(c.req.method) || opts.readsFirst) c.set("ports", holdWrites(c.var.ports, verified.decision));
  else await verified.decision;
  await next();
  await verified.decision;
}

interface GuardOptions {
  /**
   * For a write route that reads first: it runs beside the revocation check like a read, its writes held
   * until the check is in (see `holdWrites`), and its answer held back until then all the same.
   */
  readsFirst?: boolean;
}

/** Bearer JWT -> verified, not revoked claims in `c.var.auth`; anything else is 401 (503 if Redis is down). */
export const requireUser = userGuard();

/** A write route that reads before it writes; see `GuardOptions.readsFirst`. */
export const requireUserReadsFirst = userGuard({ readsFirst: true });

function userGuard(opts: GuardOptions = {}) {
  return createMiddleware<EdgeEnv>(async (c, next) => guarded(c, next, await verify(c, c.req.header("authorization") ?? ""), opts));
}

/** For routes anyone may call: no Authorization header means anonymous; a bad one is still a 401. */
export const optionalUser = createMiddleware<EdgeEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  if (header === undefined) {
    c.set("auth", undefined);
    return next();
  }
  await guarded(c, next, await verify(c, header), {});
});

/** The verified caller of a route behind `requireUser`; refuses (401) if the guard did not run. */
export function signedIn(c: { var: { auth?: AccessClaims | undefined } }): AccessClaims {
  if (!c.var.auth) throw unauthorized();
  return c.var.auth;
}
