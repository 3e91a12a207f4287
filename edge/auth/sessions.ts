import { and, eq, isNull, sql } from "drizzle-orm";
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
  /** The session is revoked, by this presentation (a reuse) or earlier; `revokedAt` says since when. */
  | { outcome: "reused" | "revoked"; sessionId: string; revokedAt: Date }
  | { outcome: "invalid" };

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

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
    .select({
      sessionId: refreshTokens.sessionId,
      usedAt: refreshTokens.usedAt,
      replacedBy: refreshTokens.replacedBy,
      revokedAt: sessions.revokedAt,
    })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash));
  if (!known?.usedAt) return { outcome: "invalid" };
  // A token of a session already ended (logout, earlier reuse) is no new alarm, but the caller makes sure
  // the session's access tokens are refused: the revocation may not have reached Redis back then.
  if (known.revokedAt) return { outcome: "revoked", sessionId: known.sessionId, revokedAt: known.revokedAt };
  const lostAnswer = known.replacedBy !== null && now.getTime() - known.usedAt.getTime() <= policy.graceSeconds * 1000;
  if (lostAnswer) {
    // The successor nobody received is spent in its place (one statement: only one retry wins); it is
    // marked as replaced by nothing, so if it does turn up after all, that is a reuse. The presented token
    // now points at the new successor, in case this answer is lost too.
    const retried = await spendAndReplace(db, known.replacedBy!, policy.ttlSeconds, now, tokenHash);
    if (retried) return retried;
  }
  await revokeSession(db, known.sessionId, now);
  return { outcome: "reused", sessionId: known.sessionId, revokedAt: now };
}

/**
 * Spends the live token with this hash and issues its successor, recorded on `presentedHash` (the token
 * itself, unless it stands in for one whose answer was lost); null when there is no live token to spend.
 * One statement does all of it, so whoever sees the spend also sees the successor: a concurrent refresh
 * of the same token that lost the race finds it and takes the grace path instead of crying reuse.
 */
async function spendAndReplace(
  db: Db,
  tokenHash: string,
  ttlSeconds: number,
  now: Date,
  presentedHash = tokenHash,
): Promise<Rotation | null> {
  const next = await newRefreshToken(ttlSeconds, now);
  const standsIn = presentedHash !== tokenHash;
  const at = now.toISOString();
  const { rows } = await db.execute<{ session_id: string; user_id: string | null }>(sql`
    with spent as (
      update ${refreshTokens} set used_at = ${at}::timestamptz, replaced_by = ${standsIn ? null : next.tokenHash}
      where token_hash = ${tokenHash} and used_at is null and expires_at > ${at}::timestamptz
      returning session_id
    ), live as (
      select s.id, s.user_id from ${sessions} s join spent on s.id = spent.session_id where s.revoked_at is null
    ), issued as (
      insert into ${refreshTokens} (token_hash, session_id, expires_at)
      select ${next.tokenHash}, id, ${next.expiresAt.toISOString()}::timestamptz from live
      returning session_id
    ), pointed as (
      update ${refreshTokens} set replaced_by = ${next.tokenHash}
      where ${standsIn} and token_hash = ${presentedHash} and exists (select 1 from issued)
    )
    select spent.session_id, live.user_id from spent left join live on true`);
  const [spent] = rows;
  if (!spent) return null;
  if (!spent.user_id) return { outcome: "invalid" };
  return { outcome: "rotated", userId: spent.user_id, sessionId: spent.session_id, refreshToken: next.token };
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.batch([
    db
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt))),
    // Spending every live token of the family makes each of them a reuse signal from now on.
    db
      .update(refreshTokens)
      .set({ usedAt: now })
      .where(and(eq(refreshTokens.sessionId, sessionId), isNull(refreshTokens.usedAt))),
  ]);
}
