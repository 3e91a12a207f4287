import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import type { KeyRing } from "../ports/index.js";

/**
 * A short grant to fetch one video's rewritten manifests, carried in the manifest URL (`?token=`),
 * because a stock player cannot add an Authorization header. Signed with the same keys as access
 * tokens, under an audience of its own so neither can stand in for the other. It names the signed-in
 * viewer it was issued to (none for an anonymous one): whether that viewer may still watch is decided
 * at each manifest request, against the video as it is then.
 */
const audienceOf = (audience: string) => `${audience}:playback`;

export async function issuePlaybackToken(
  ring: KeyRing,
  issuer: string,
  audience: string,
  videoId: string,
  viewerId: string | undefined,
  expiresAt: Date,
): Promise<string> {
  return new SignJWT(viewerId === undefined ? {} : { viewer: viewerId })
    .setProtectedHeader({ alg: ring.alg, kid: ring.kid, typ: "JWT" })
    .setSubject(videoId)
    .setIssuer(issuer)
    .setAudience(audienceOf(audience))
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(ring.signingKey);
}

/** The holder of a valid token for this video: the viewer it was issued to, if any; null for an invalid token. */
export async function playbackTokenHolder(
  ring: KeyRing,
  issuer: string,
  audience: string,
  token: string,
  videoId: string,
  now: Date,
): Promise<{ viewerId: string | undefined } | null> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(ring.jwks), {
      algorithms: ring.algorithms,
      issuer,
      audience: audienceOf(audience),
      currentDate: now,
      subject: videoId,
    });
    if (payload.sub !== videoId) return null;
    return { viewerId: typeof payload.viewer === "string" ? payload.viewer : undefined };
  } catch {
    return null;
  }
}
