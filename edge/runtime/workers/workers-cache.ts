import type { ResponseCache } from "../../ports/index.js";

// The Workers Cache API stores Responses under URLs; ours live under a host nobody can request.
const KEY_BASE = "https://edge-cache.internal/";

interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
}

/** The data center's cache (`caches.default`), or null where the runtime has none. */
export function workersCache(): ResponseCache | null {
  const store = (globalThis as { caches?: { default?: CacheLike } }).caches?.default;
  if (!store) return null;
  return {
    async get<T>(key: string) {
      const hit = await store.match(KEY_BASE + encodeURIComponent(key));
      return hit ? ((await hit.json()) as T) : undefined;
    },
    async put(key, value, ttlSeconds) {
      const body = JSON.stringify(value);
      await store.put(
        KEY_BASE + encodeURIComponent(key),
        new Response(body, { headers: { "content-type": "application/json", "cache-control": `max-age=${ttlSeconds}` } }),
      );
    },
  };
}
