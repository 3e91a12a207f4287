import type { CacheOutcome } from "../ports/index.js";

/** Names what the edge cache did for an answer, for clients and for the metrics (`edge_cache_reads_total`). */
export const CACHE_STATUS_HEADER = "X-Cache";

export const CACHE_OUTCOMES: readonly CacheOutcome[] = ["hit", "stale", "miss", "bypass"];

/** The outcome an answer's header names, or null when the edge cache had no part in it. */
export function cacheOutcomeOf(res: Response): CacheOutcome | null {
  const named = res.headers.get(CACHE_STATUS_HEADER)?.toLowerCase();
  return CACHE_OUTCOMES.find((outcome) => outcome === named) ?? null;
}
