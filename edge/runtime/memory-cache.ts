import type { CachedEntry, ResponseCache } from "../ports/index.js";

export interface MemoryCacheLimits {
  maxEntries: number;
  /** Counted over the stored JSON text (UTF-8): a bound on memory, not an exact measure of it. */
  maxBytes: number;
}

interface Slot {
  json: string;
  storedAt: number;
  bytes: number;
  expiresAt: number;
}

const MS_PER_SECOND = 1_000;
const encoder = new TextEncoder();

export interface MemoryCache extends ResponseCache {
  stats(): { entries: number; bytes: number };
}

/**
 * The Node, Bun and Deno stand-in for the Workers Cache API: one process's least-recently-used store, bounded
 * in entries and bytes. Values are kept as JSON text, so what comes out is a copy that no caller can change
 * for the next one, exactly as a Cache API round trip behaves.
 */
export function memoryCache(limits: MemoryCacheLimits, now: () => number = Date.now): MemoryCache {
  // A Map iterates in insertion order: re-inserting on every read keeps the least recently used first.
  const slots = new Map<string, Slot>();
  let bytes = 0;

  const drop = (key: string) => {
    const slot = slots.get(key);
    if (!slot) return;
    slots.delete(key);
    bytes -= slot.bytes;
  };

  return {
    joinsReads: true,
    async get<T>(key: string): Promise<CachedEntry<T> | undefined> {
      const slot = slots.get(key);
      if (!slot) return undefined;
      if (slot.expiresAt <= now()) {
        drop(key);
        return undefined;
      }
      slots.delete(key);
      slots.set(key, slot);
      return { value: JSON.parse(slot.json) as T, storedAt: slot.storedAt };
    },
    async put(key, entry, keepSeconds) {
      drop(key);
      const json = JSON.stringify(entry.value);
      const size = encoder.encode(json).byteLength + encoder.encode(key).byteLength;
      if (keepSeconds <= 0 || size > limits.maxBytes || limits.maxEntries <= 0) return;
      slots.set(key, { json, storedAt: entry.storedAt, bytes: size, expiresAt: now() + keepSeconds * MS_PER_SECOND });
      bytes += size;
      for (const oldest of slots.keys()) {
        if (slots.size <= limits.maxEntries && bytes <= limits.maxBytes) break;
        drop(oldest);
      }
    },
    async delete(key) {
      drop(key);
    },
    stats: () => ({ entries: slots.size, bytes }),
  };
}
