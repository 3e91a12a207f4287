import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import type { KeyRing } from "../ports/index.js";

/**
 * A short grant to fetch one video's rewritten manifests, carried in the manifest URL (`?token=`),
 * because a stock player cannot add an Authorization header. Signed with the same keys as access
 * tokens, under an audience of its own so neither can stand in for the other.
 */
const audienceOf = (audience: string) => `${audience}:playback`;

export async function issuePlaybackToken(ring: KeyRing, issuer: string, audience: string, videoId: string, expiresAt: Date): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: ring.alg, kid: ring.kid, typ: "JWT" })
    .setSubject(videoId)
    .setIssuer(issuer)
    .setAudience(audienceOf(audience))
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(ring.signingKey);
}

export async function playbackTokenAllows(ring: KeyRing, issuer: string, audience: string, token: string, videoId: string, now: Date): Promise<boolean> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(ring.jwks), {
      algorithms: ring.algorithms,
      issuer,
      audience: audienceOf(audience),
      currentDate: now,
      subject: videoId,
    });
    return payload.sub === videoId;
  } catch {
    return false;
  }
}
