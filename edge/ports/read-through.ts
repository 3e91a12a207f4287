import type { ResponseCache } from "./response-cache.js";

/** What a read found, as the `X-Cache` header and the metrics name it. */
export type CacheOutcome = "hit" | "stale" | "miss" | "bypass";

export interface CachePolicy {
  /** Served as is this long after it was read. */
  freshSeconds: number;
  /** Then served this much longer while one background read replaces it. */
  staleSeconds: number;
}

export interface CacheRead<T> {
  value: T;
  outcome: CacheOutcome;
  /** Seconds since the value was read from its source (0 for a miss). */
  ageSeconds: number;
  /** Seconds it stays fresh from now (0 unless stored). */
  freshForSeconds: number;
}

export interface ReadThrough<T> {
  cache: ResponseCache | null;
  key: string;
  policy: CachePolicy;
  load: () => Promise<T>;
  /** False keeps the value out of the cache and removes what was stored under its key (it turned private, was deleted…). */
  shareable: (value: T) => boolean;
  /** Runs a refresh past the answer: `waitUntil` on Workers, a detached promise elsewhere. */
  background: (work: Promise<unknown>) => void;
  now?: () => number;
}

const MS_PER_SECOND = 1_000;

// Concurrent misses of one key wait for one read of the source, where the cache allows it (`joinsReads`).
const pendingReads = new WeakMap<ResponseCache, Map<string, Promise<unknown>>>();
// A stale entry is refreshed once however many callers see it: a flag, which no request waits on.
const refreshing = new WeakMap<ResponseCache, Set<string>>();

function perCache<V>(registry: WeakMap<ResponseCache, V>, cache: ResponseCache, make: () => V): V {
  let value = registry.get(cache);
  if (value === undefined) registry.set(cache, (value = make()));
  return value;
}

function joinRead<T>(cache: ResponseCache, key: string, read: () => Promise<T>): Promise<T> {
  const pending = perCache(pendingReads, cache, () => new Map<string, Promise<unknown>>());
  const running = pending.get(key) as Promise<T> | undefined;
  if (running) return running;
  const started = read().finally(() => pending.delete(key));
  pending.set(key, started);
  return started;
}

/**
 * Stale-while-revalidate over a `ResponseCache`. A failing cache never fails the read: it degrades to the
 * source. A value read from the source that is not `shareable` is answered to this caller only.
 */
export async function readThrough<T>(r: ReadThrough<T>): Promise<CacheRead<T>> {
  const now = r.now ?? Date.now;
  const { freshSeconds, staleSeconds } = r.policy;
  const { cache } = r;
  if (!cache || freshSeconds <= 0) return { value: await r.load(), outcome: "bypass", ageSeconds: 0, freshForSeconds: 0 };

  const fromSource = async () => {
    // Stamped before the read: an edit landing while it runs is then still seen within the documented lifetime.
    const storedAt = now();
    const value = await r.load();
    const write = r.shareable(value) ? cache.put(r.key, { value, storedAt }, freshSeconds + staleSeconds) : cache.delete(r.key);
    await write.catch(() => undefined);
    return value;
  };

  const entry = await cache.get<T>(r.key).catch(() => undefined);
  if (entry) {
    const ageMs = Math.max(0, now() - entry.storedAt);
    const ageSeconds = Math.floor(ageMs / MS_PER_SECOND);
    const freshForMs = freshSeconds * MS_PER_SECOND - ageMs;
    if (freshForMs > 0) return { value: entry.value, outcome: "hit", ageSeconds, freshForSeconds: Math.floor(freshForMs / MS_PER_SECOND) };
    if (ageMs < (freshSeconds + staleSeconds) * MS_PER_SECOND) {
      const keys = perCache(refreshing, cache, () => new Set<string>());
      if (!keys.has(r.key)) {
        keys.add(r.key);
        r.background(
          fromSource().then(
            () => keys.delete(r.key),
            () => keys.delete(r.key),
          ),
        );
      }
      return { value: entry.value, outcome: "stale", ageSeconds, freshForSeconds: 0 };
    }
  }
  const value = await (cache.joinsReads ? joinRead(cache, r.key, fromSource) : fromSource());
  return { value, outcome: "miss", ageSeconds: 0, freshForSeconds: r.shareable(value) ? freshSeconds : 0 };
}
