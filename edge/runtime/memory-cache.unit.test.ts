import { describe, expect, it } from "vitest";
import { memoryCache } from "./memory-cache.js";

const entry = (value: unknown, storedAt = 0) => ({ value, storedAt });
const bytesOf = (key: string, value: unknown) => new TextEncoder().encode(key + JSON.stringify(value)).byteLength;

describe("memoryCache", () => {
  it("hands out copies: a caller changing what it got cannot change the next caller's answer", async () => {
    const cache = memoryCache({ maxEntries: 10, maxBytes: 10_000 });
    await cache.put("k", entry({ title: "Original" }, 42), 10);
    const first = await cache.get<{ title: string }>("k");
    first!.value.title = "Changed";
    expect(await cache.get("k")).toEqual({ value: { title: "Original" }, storedAt: 42 });
  });

  it("forgets an entry once its keeping time is over", async () => {
    let now = 0;
    const cache = memoryCache({ maxEntries: 10, maxBytes: 10_000 }, () => now);
    await cache.put("k", entry("v"), 5);
    now = 4_999;
    expect(await cache.get("k")).toBeDefined();
    now = 5_000;
    expect(await cache.get("k")).toBeUndefined();
    expect(cache.stats()).toEqual({ entries: 0, bytes: 0 });
  });

  it("keeps at most maxEntries, dropping the least recently used", async () => {
    const cache = memoryCache({ maxEntries: 2, maxBytes: 10_000 });
    await cache.put("a", entry(1), 10);
    await cache.put("b", entry(2), 10);
    await cache.get("a");
    await cache.put("c", entry(3), 10);
    expect(await cache.get("b")).toBeUndefined();
    expect((await cache.get("a"))?.value).toBe(1);
    expect((await cache.get("c"))?.value).toBe(3);
    expect(cache.stats().entries).toBe(2);
  });

  it("keeps at most maxBytes, and never stores a value larger than the whole budget", async () => {
    const value = "x".repeat(100);
    const size = bytesOf("a", value);
    const cache = memoryCache({ maxEntries: 100, maxBytes: size * 2 });
    await cache.put("a", entry(value), 10);
    await cache.put("b", entry(value), 10);
    expect(cache.stats()).toEqual({ entries: 2, bytes: size * 2 });
    await cache.put("c", entry(value), 10);
    expect(await cache.get("a")).toBeUndefined();
    expect(cache.stats()).toEqual({ entries: 2, bytes: size * 2 });

    await cache.put("huge", entry("x".repeat(size * 2)), 10);
    expect(await cache.get("huge")).toBeUndefined();
    expect(cache.stats().entries).toBe(2);
  });

  it("replaces and deletes entries, keeping its byte count true", async () => {
    const cache = memoryCache({ maxEntries: 10, maxBytes: 10_000 });
    await cache.put("k", entry("short"), 10);
    await cache.put("k", entry("a longer value"), 10);
    expect(cache.stats()).toEqual({ entries: 1, bytes: bytesOf("k", "a longer value") });
    await cache.delete("k");
    expect(await cache.get("k")).toBeUndefined();
    expect(cache.stats()).toEqual({ entries: 0, bytes: 0 });
  });
});
