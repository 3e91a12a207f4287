import type { ResponseCache } from "../../ports/index.js";

// The Workers Cache API stores Responses under URLs; ours live under a host nobody can request.
const KEY_BASE = "https://edge-cache.internal/";
// When the value was read from its source: the Cache API's own Age is not reported by `match`.
const STORED_AT_HEADER = "x-stored-at";

interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/**
 * The data center's cache (`caches.default`), or null where the runtime has none. In production it works on
 * a custom domain only (not on workers.dev); `wrangler dev` has a local one.
 */
export function workersCache(): ResponseCache | null {
  const store = (globalThis as { caches?: { default?: CacheLike } }).caches?.default;
  if (!store) return null;
  const url = (key: string) => KEY_BASE + encodeURIComponent(key);
  return {
    joinsReads: false,
    async get<T>(key: string) {
      const hit = await store.match(url(key));
      if (!hit) return undefined;
      // An entry without the stamp is of another shape (an older deploy's): a miss.
      const storedAt = Number(hit.headers.get(STORED_AT_HEADER) ?? Number.NaN);
      return Number.isFinite(storedAt) ? { value: (await hit.json()) as T, storedAt } : undefined;
    },
    async put(key, entry, keepSeconds) {
      const headers = {
        "content-type": "application/json",
        "cache-control": `max-age=${keepSeconds}`,
        [STORED_AT_HEADER]: String(entry.storedAt),
      };
      await store.put(url(key), new Response(JSON.stringify(entry.value), { headers }));
    },
    async delete(key) {
      await store.delete(url(key));
    },
  };
}
