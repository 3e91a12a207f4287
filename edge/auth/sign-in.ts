import type { LoginBody, RegisterBody, TokenPair } from "../../shared/contracts/auth.js";
import { invalid, unauthorized } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import type { UserRow } from "../../shared/db/schema.js";
import type { EdgePorts } from "../ports/index.js";
import { findUserByEmail, findUserById, insertUser, presentUser, updateUser } from "../accounts/index.js";
import { issueAccessToken, tokenSettings, type AccessClaims } from "./access-tokens.js";
import { checkLoginRate } from "./login-limiter.js";
import { checkRegistrationRate } from "./registration-limiter.js";
import { decoyHash, hashPassword, verifyPassword } from "./passwords.js";
import { revokeSessionTokens, revokeToken } from "./revocation.js";
import { revokeSession, rotateRefreshToken, startSession } from "./sessions.js";

/** The one message for an unknown email and a wrong password alike. */
export const BAD_CREDENTIALS = "Invalid email or password.";

async function tokenPair(p: EdgePorts, user: UserRow, sessionId: string, refreshToken: string): Promise<TokenPair> {
  const { token } = await issueAccessToken(p.keys, tokenSettings(p.config), { userId: user.id, sessionId }, p.clock());
  return {
    token,
    token_type: "Bearer",
    expires_in: p.config.ACCESS_TOKEN_TTL_SECONDS,
    refresh_token: refreshToken,
    refresh_expires_in: p.config.REFRESH_TOKEN_TTL_SECONDS,
    user: presentUser(user),
  };
}

async function signIn(p: EdgePorts, user: UserRow, userAgent: string | null): Promise<TokenPair> {
  const session = await startSession(p.db, user.id, userAgent, p.config.REFRESH_TOKEN_TTL_SECONDS, p.clock());
  return tokenPair(p, user, session.sessionId, session.refreshToken);
}

export async function register(p: EdgePorts, body: RegisterBody, clientAddress: string, userAgent: string | null): Promise<TokenPair> {
  const { REGISTER_RATE_LIMIT: attempts, REGISTER_RATE_WINDOW_SECONDS: windowSeconds, PASSWORD_PBKDF2_ITERATIONS: iterations } = p.config;
  await checkRegistrationRate(p.redis, { attempts, windowSeconds }, clientAddress, p.clock());
  // The hash comes first and the insert itself finds a taken email: a taken and a free email cost the same
  // work up to the answer, so its timing does not tell which one it was (the answer's content still does).
  const passwordHash = await hashPassword(body.password, iterations);
  const now = p.clock();
  const user = await insertUser(p.db, {
    id: newId("usr"),
    name: body.name,
    email: body.email,
    passwordHash,
    createdAt: now,
    updatedAt: now,
  });
  if (!user) throw invalid({ name: [], email: ["The email should be unique."], password: [] });
  p.log.info("user registered", { user_id: user.id });
  return signIn(p, user, userAgent);
}

export async function login(p: EdgePorts, body: LoginBody, clientAddress: string, userAgent: string | null): Promise<TokenPair> {
  // The account is read beside the rate limit check (one round trip for both); the password is only checked
  // once the limit allows it. Handled now so a failed read is not an unhandled rejection while the limit decides.
  const found = findUserByEmail(p.db, body.email);
  found.catch(() => undefined);
  await checkLoginRate(
    p.redis,
    { attempts: p.config.LOGIN_RATE_LIMIT, windowSeconds: p.config.LOGIN_RATE_WINDOW_SECONDS },
    clientAddress,
    body.email,
    p.clock(),
  );
  const iterations = p.config.PASSWORD_PBKDF2_ITERATIONS;
  const user = await found;
  const check = await verifyPassword(body.password, user?.passwordHash ?? (await decoyHash(iterations)), iterations);
  if (!user || !check.ok) throw unauthorized(BAD_CREDENTIALS);
  if (check.needsRehash) {
    await updateUser(p.db, user.id, { passwordHash: await hashPassword(body.password, iterations) }, p.clock());
  }
  return signIn(p, user, userAgent);
}

export async function refresh(p: EdgePorts, presented: string): Promise<TokenPair> {
  const policy = { ttlSeconds: p.config.REFRESH_TOKEN_TTL_SECONDS, graceSeconds: p.config.REFRESH_REUSE_GRACE_SECONDS };
  const now = p.clock();
  const rotation = await rotateRefreshToken(p.db, presented, policy, now);
  if (rotation.outcome === "reused") p.log.warn("refresh token reuse: session revoked", { session_id: rotation.sessionId });
  if (rotation.outcome === "reused" || rotation.outcome === "revoked") {
    // Written on every presentation, not only the first: if Redis was down when the session was revoked,
    // this is what makes its access tokens die once Redis is back. Only while one of them can still be valid.
    const lifeLeft = Math.ceil((rotation.revokedAt.getTime() + p.config.ACCESS_TOKEN_TTL_SECONDS * 1000 - now.getTime()) / 1000);
    if (lifeLeft > 0) await revokeSessionTokens(p.redis, rotation.sessionId, lifeLeft);
  }
  if (rotation.outcome !== "rotated") throw unauthorized();
  const user = await findUserById(p.db, rotation.userId);
  if (!user) throw unauthorized();
  return tokenPair(p, user, rotation.sessionId, rotation.refreshToken);
}

export async function logout(p: EdgePorts, claims: AccessClaims): Promise<void> {
  const now = p.clock();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  // Issued in the same tick, the two markers reach Upstash as one pipeline: one round trip.
  await Promise.all([
    revokeToken(p.redis, claims.jti, claims.exp, nowSeconds),
    revokeSessionTokens(p.redis, claims.sessionId, p.config.ACCESS_TOKEN_TTL_SECONDS),
  ]);
  await revokeSession(p.db, claims.sessionId, now);
}
