/**
 * A short-lived cache for data that is the same for every caller (never for signed URLs). Runtimes
 * that have one (the Workers Cache API) hand it in through the ports; elsewhere there is none.
 */
export interface ResponseCache {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown, ttlSeconds: number): Promise<void>;
}

export async function cached<T>(cache: ResponseCache | null, key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
  if (!cache || ttlSeconds <= 0) return load();
  const hit = await cache.get<T>(key).catch(() => undefined);
  if (hit !== undefined) return hit;
  const value = await load();
  await cache.put(key, value, ttlSeconds).catch(() => undefined);
  return value;
}
