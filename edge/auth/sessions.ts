import { and, eq, gt, isNull } from "drizzle-orm";
import { refreshTokens, sessions } from "../../shared/db/schema.js";
import { newId } from "../../shared/ids.js";
import type { Db } from "../ports/index.js";

/**
 * Sessions and their refresh tokens. A refresh token is 256 random bits, stored only as its SHA-256,
 * and single-use: rotating it spends it and issues the next one in the same session (its family).
 * Presenting a spent token means it was copied, so the whole session is revoked — with one exception: a
 * browser reloaded while its refresh was in flight never got the answer, so it presents the same token
 * again. Within `graceSeconds` of the spend, and only while the successor it was never given is still
 * unused, that successor is rotated in its place. A thief gains nothing lasting from the window: the
 * moment the real holder uses the successor, that is a reuse and the family is revoked.
 */
export type Rotation =
  | { outcome: "rotated"; userId: string; sessionId: string; refreshToken: string }
  | { outcome: "reused"; sessionId: string }
  | { outcome: "invalid" };

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function newRefreshToken(ttlSeconds: number, now: Date) {
  const token = `rt_${b64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { token, tokenHash: await sha256Hex(token), expiresAt: new Date(now.getTime() + ttlSeconds * 1000) };
}

export async function startSession(db: Db, userId: string, userAgent: string | null, ttlSeconds: number, now: Date) {
  const sessionId = newId("ses");
  const first = await newRefreshToken(ttlSeconds, now);
  await db.batch([
    db.insert(sessions).values({ id: sessionId, userId, userAgent: userAgent?.slice(0, 255) ?? null, createdAt: now }),
    db.insert(refreshTokens).values({ tokenHash: first.tokenHash, sessionId, expiresAt: first.expiresAt }),
  ]);
  return { sessionId, refreshToken: first.token };
}

export interface RotationPolicy {
  ttlSeconds: number;
  /** How long after its spend a token whose successor is still unused may be presented again. */
  graceSeconds: number;
}

export async function rotateRefreshToken(db: Db, presented: string, policy: RotationPolicy, now: Date): Promise<Rotation> {
  const tokenHash = await sha256Hex(presented);
  const rotated = await spendAndReplace(db, tokenHash, policy.ttlSeconds, now);
  if (rotated) return rotated;

  const [known] = await db
    .select({ sessionId: refreshTokens.sessionId, usedAt: refreshTokens.usedAt, replacedBy: refreshTokens.replacedBy, revokedAt: sessions.revokedAt })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash));
  // A token of a session already ended (logout, earlier reuse) is merely invalid, not a new alarm.
  if (!known?.usedAt || known.revokedAt) return { outcome: "invalid" };
  const lostAnswer = known.replacedBy !== null && now.getTime() - known.usedAt.getTime() <= policy.graceSeconds * 1000;
  if (lostAnswer) {
    // The successor nobody received is spent in its place (one statement: only one retry wins); it is
    // marked as replaced by nothing, so if it does turn up after all, that is a reuse. The presented token
    // now points at the new successor, in case this answer is lost too.
    const retried = await spendAndReplace(db, known.replacedBy!, policy.ttlSeconds, now, tokenHash);
    if (retried) return retried;
  }
  await revokeSession(db, known.sessionId, now);
  return { outcome: "reused", sessionId: known.sessionId };
}

/**
 * Spends the live token with this hash and issues its successor, recorded on `presentedHash` (the token
 * itself, unless it stands in for one whose answer was lost); null when there is no live token to spend.
 */
async function spendAndReplace(db: Db, tokenHash: string, ttlSeconds: number, now: Date, presentedHash = tokenHash): Promise<Rotation | null> {
  const next = await newRefreshToken(ttlSeconds, now);
  // One statement spends the token, so two concurrent rotations cannot both succeed.
  const [spent] = await db
    .update(refreshTokens)
    .set({ usedAt: now, replacedBy: presentedHash === tokenHash ? next.tokenHash : null })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt), gt(refreshTokens.expiresAt, now)))
    .returning({ sessionId: refreshTokens.sessionId });
  if (!spent) return null;

  const [session] = await db
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.id, spent.sessionId), isNull(sessions.revokedAt)));
  if (!session) return { outcome: "invalid" };
  await db.insert(refreshTokens).values({ tokenHash: next.tokenHash, sessionId: spent.sessionId, expiresAt: next.expiresAt });
  if (presentedHash !== tokenHash) await db.update(refreshTokens).set({ replacedBy: next.tokenHash }).where(eq(refreshTokens.tokenHash, presentedHash));
  return { outcome: "rotated", userId: session.userId, sessionId: spent.sessionId, refreshToken: next.token };
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.batch([
    db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt))),
    // Spending every live token of the family makes each of them a reuse signal from now on.
    db.update(refreshTokens).set({ usedAt: now }).where(and(eq(refreshTokens.sessionId, sessionId), isNull(refreshTokens.usedAt))),
  ]);
}
