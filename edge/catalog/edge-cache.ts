import type { Context } from "hono";
import type { EdgeConfig } from "../../shared/config/index.js";
import { CACHE_STATUS_HEADER, type EdgeEnv } from "../http/index.js";
import type { CacheOutcome, CachePolicy, CacheRead, ResponseCache } from "../ports/index.js";

// Keys carry the shape of what they hold: entries a previous deploy left in the Workers cache are never read as this one.
/** JSON keeps any q and tag apart from the other parts of the key. */
export const listingKey = (page: { limit: number; cursor?: string; q?: string; tag?: string }) =>
  `catalog:listing:v3:${JSON.stringify([page.limit, page.cursor ?? "", page.q ?? null, page.tag ?? null])}`;
export const videoKey = (id: string) => `catalog:video:v2:${id}`;

/**
 * After an edit or a deletion, this instance's (or data center's) entry of the video goes at once, so its
 * owner sees the change answered anonymously here too; elsewhere the lifetime bounds it. Best effort: the
 * change is already stored.
 */
export async function forgetVideo(cache: ResponseCache | null, id: string): Promise<void> {
  await cache?.delete(videoKey(id)).catch(() => undefined);
}

export const cachePolicy = (config: EdgeConfig): CachePolicy => ({
  freshSeconds: config.CATALOG_CACHE_SECONDS,
  staleSeconds: config.CATALOG_CACHE_STALE_SECONDS,
});

/**
 * Whether this request may read or fill the shared cache with an answer that depends on the caller. Any
 * credential bypasses it, even one that turns out invalid: a per-user answer is never shared, and an
 * anonymous one is never handed to someone who asked as themselves.
 */
export const mayShare = (c: Context<EdgeEnv>): boolean =>
  c.var.auth === undefined && c.req.header("authorization") === undefined && c.req.header("cookie") === undefined;

/**
 * Headers that say what the answer is: never storable by a shared cache (it carries this caller's
 * signatures), reusable by the caller's own browser while the data it was built from stays fresh (less than
 * half the signatures' life), and how old that data is.
 */
export function describeCacheRead(c: Context<EdgeEnv>, read: Pick<CacheRead<unknown>, "outcome" | "ageSeconds" | "freshForSeconds">) {
  const outcome: CacheOutcome = read.outcome;
  c.header(CACHE_STATUS_HEADER, outcome.toUpperCase());
  c.header("Vary", "Authorization, Cookie");
  const maxAge = Math.min(read.freshForSeconds, Math.floor(c.var.ports.config.PLAYBACK_URL_TTL_SECONDS / 2));
  c.header("Cache-Control", maxAge > 0 ? `private, max-age=${maxAge}` : "private, no-store");
  if (outcome === "hit" || outcome === "stale") c.header("Age", String(read.ageSeconds));
}

/** The answer of a request that did not use the shared cache. */
export const bypassed = { outcome: "bypass", ageSeconds: 0, freshForSeconds: 0 } as const;
