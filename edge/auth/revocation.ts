import type { Redis } from "@upstash/redis";
import { unavailable } from "../../shared/errors.js";

/**
 * Revoked access tokens live in Redis until they would have expired anyway:
 * `token-blacklist:<jti>` for one token, `session-revoked:<sid>` for every token of a session.
 * Reads fail closed: if Redis cannot answer, the caller gets 503, never a pass.
 */
const tokenKey = (jti: string) => `token-blacklist:${jti}`;
const sessionKey = (sid: string) => `session-revoked:${sid}`;

export async function isRevoked(redis: Redis, jti: string, sessionId: string): Promise<boolean> {
  try {
    const [token, session] = await redis.mget<(string | null)[]>(tokenKey(jti), sessionKey(sessionId));
    return token !== null || session !== null;
  } catch (error) {
    throw unavailable("The token blacklist cannot be checked right now.", error);
  }
}

export async function revokeToken(redis: Redis, jti: string, expiresAtSeconds: number, nowSeconds: number): Promise<void> {
  const ttl = Math.max(1, expiresAtSeconds - nowSeconds);
  await guard(() => redis.set(tokenKey(jti), "1", { ex: ttl }));
}

/** `ttlSeconds` is the longest an access token of the session can still be valid. */
export async function revokeSessionTokens(redis: Redis, sessionId: string, ttlSeconds: number): Promise<void> {
  await guard(() => redis.set(sessionKey(sessionId), "1", { ex: ttlSeconds }));
}

async function guard(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    throw unavailable("The token blacklist cannot be updated right now.", error);
  }
}
