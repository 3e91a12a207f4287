import { and, eq, gt, isNull } from "drizzle-orm";
import { refreshTokens, sessions } from "../../shared/db/schema.js";
import { newId } from "../../shared/ids.js";
import type { Db } from "../ports.js";

/**
 * Sessions and their refresh tokens. A refresh token is 256 random bits, stored only as its SHA-256,
 * and single-use: rotating it spends it and issues the next one in the same session (its family).
 * Presenting a spent token means it was copied, so the whole session is revoked.
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

async function newRefreshToken(sessionId: string, ttlSeconds: number, now: Date) {
  const token = `rt_${b64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  const row = { tokenHash: await sha256Hex(token), sessionId, expiresAt: new Date(now.getTime() + ttlSeconds * 1000) };
  return { token, row };
}

export async function startSession(db: Db, userId: string, userAgent: string | null, ttlSeconds: number, now: Date) {
  const sessionId = newId("ses");
  const { token, row } = await newRefreshToken(sessionId, ttlSeconds, now);
  await db.batch([
    db.insert(sessions).values({ id: sessionId, userId, userAgent: userAgent?.slice(0, 255) ?? null, createdAt: now }),
    db.insert(refreshTokens).values(row),
  ]);
  return { sessionId, refreshToken: token };
}

export async function rotateRefreshToken(db: Db, presented: string, ttlSeconds: number, now: Date): Promise<Rotation> {
  const tokenHash = await sha256Hex(presented);
  // One statement spends the token, so two concurrent rotations cannot both succeed.
  const [spent] = await db
    .update(refreshTokens)
    .set({ usedAt: now })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt), gt(refreshTokens.expiresAt, now)))
    .returning({ sessionId: refreshTokens.sessionId });

  if (!spent) {
    const [known] = await db
      .select({ sessionId: refreshTokens.sessionId, usedAt: refreshTokens.usedAt, revokedAt: sessions.revokedAt })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .where(eq(refreshTokens.tokenHash, tokenHash));
    // A token of a session already ended (logout, earlier reuse) is merely invalid, not a new alarm.
    if (!known?.usedAt || known.revokedAt) return { outcome: "invalid" };
    await revokeSession(db, known.sessionId, now);
    return { outcome: "reused", sessionId: known.sessionId };
  }

  const [session] = await db
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.id, spent.sessionId), isNull(sessions.revokedAt)));
  if (!session) return { outcome: "invalid" };

  const { token, row } = await newRefreshToken(spent.sessionId, ttlSeconds, now);
  await db.insert(refreshTokens).values(row);
  return { outcome: "rotated", userId: session.userId, sessionId: spent.sessionId, refreshToken: token };
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.batch([
    db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt))),
    // Spending every live token of the family makes each of them a reuse signal from now on.
    db.update(refreshTokens).set({ usedAt: now }).where(and(eq(refreshTokens.sessionId, sessionId), isNull(refreshTokens.usedAt))),
  ]);
}
