import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import type { EdgeConfig } from "../../shared/config/index.js";
import { unauthorized } from "../../shared/errors.js";
import type { KeyRing } from "../ports/index.js";

export interface TokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export const tokenSettings = (config: Pick<EdgeConfig, "JWT_ISSUER" | "JWT_AUDIENCE" | "ACCESS_TOKEN_TTL_SECONDS">): TokenSettings => ({
  issuer: config.JWT_ISSUER,
  audience: config.JWT_AUDIENCE,
  ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
});

export interface AccessClaims {
  userId: string;
  sessionId: string;
  jti: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export async function issueAccessToken(
  ring: KeyRing,
  settings: TokenSettings,
  subject: { userId: string; sessionId: string },
  now: Date,
): Promise<{ token: string; claims: AccessClaims }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + settings.ttlSeconds;
  const jti = crypto.randomUUID();
  const token = await new SignJWT({ sid: subject.sessionId })
    .setProtectedHeader({ alg: ring.alg, kid: ring.kid, typ: "JWT" })
    .setSubject(subject.userId)
    .setJti(jti)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .sign(ring.signingKey);
  return { token, claims: { userId: subject.userId, sessionId: subject.sessionId, jti, exp } };
}

const verifiers = new WeakMap<KeyRing, ReturnType<typeof createLocalJWKSet>>();

/** Any failure (signature, algorithm, kid, time, audience, issuer, shape) is the same 401. */
export async function verifyAccessToken(ring: KeyRing, settings: TokenSettings, token: string, now: Date): Promise<AccessClaims> {
  let keys = verifiers.get(ring);
  if (!keys) {
    keys = createLocalJWKSet(ring.jwks);
    verifiers.set(ring, keys);
  }
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ring.algorithms,
      issuer: settings.issuer,
      audience: settings.audience,
      currentDate: now,
      requiredClaims: ["sub", "jti", "iat", "exp", "sid"],
    });
    if (typeof payload.sid !== "string" || !payload.sub || !payload.jti || !payload.exp) throw new Error("claims");
    return { userId: payload.sub, sessionId: payload.sid, jti: payload.jti, exp: payload.exp };
  } catch {
    throw unauthorized();
  }
}
