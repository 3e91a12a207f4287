import { describe, expect, it } from "vitest";
import { readThrough, type ReadThrough } from "./read-through.js";
import type { CachedEntry, ResponseCache } from "./response-cache.js";

/** A cache that keeps what it is given, with no expiry of its own: the policy's clock decides freshness. */
function mapCache(joinsReads = true): ResponseCache & { entries: Map<string, CachedEntry<unknown>> } {
  const entries = new Map<string, CachedEntry<unknown>>();
  return {
    joinsReads,
    entries,
    async get<T>(key: string) {
      const entry = entries.get(key);
      return entry && { value: structuredClone(entry.value) as T, storedAt: entry.storedAt };
    },
    async put(key, entry) {
      entries.set(key, structuredClone(entry));
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}

function setup(cache: ResponseCache | null = mapCache()) {
  let clock = 1_000_000;
  let loads = 0;
  let source: { n: number; shared: boolean } = { n: 0, shared: true };
  const background: Promise<unknown>[] = [];
  const read = (over: Partial<ReadThrough<{ n: number; shared: boolean }>> = {}) =>
    readThrough({
      cache,
      key: "k",
      policy: { freshSeconds: 10, staleSeconds: 5 },
      load: async () => {
        loads++;
        return { ...source };
      },
      shareable: (v) => v.shared,
      background: (work) => void background.push(work),
      now: () => clock,
      ...over,
    });
  return {
    read,
    background,
    advance: (seconds: number) => (clock += seconds * 1_000),
    set: (value: { n: number; shared: boolean }) => (source = value),
    loads: () => loads,
  };
}

describe("readThrough", () => {
  it("reads the source once, then answers from the cache while fresh, with the data's age", async () => {
    const t = setup();
    t.set({ n: 1, shared: true });
    expect(await t.read()).toEqual({ value: { n: 1, shared: true }, outcome: "miss", ageSeconds: 0, freshForSeconds: 10 });
    t.set({ n: 2, shared: true });
    t.advance(4);
    expect(await t.read()).toMatchObject({ value: { n: 1 }, outcome: "hit", ageSeconds: 4, freshForSeconds: 6 });
    expect(t.loads()).toBe(1);
  });

  it("serves a stale entry while one background read replaces it, then the new value", async () => {
    const t = setup();
    t.set({ n: 1, shared: true });
    await t.read();
    t.set({ n: 2, shared: true });
    t.advance(11);
    const [a, b] = await Promise.all([t.read(), t.read()]);
    expect(a).toMatchObject({ value: { n: 1 }, outcome: "stale", ageSeconds: 11, freshForSeconds: 0 });
    expect(b).toMatchObject({ value: { n: 1 }, outcome: "stale" });
    // Two stale readers, one refresh.
    expect(t.background).toHaveLength(1);
    await Promise.all(t.background);
    expect(t.loads()).toBe(2);
    expect(await t.read()).toMatchObject({ value: { n: 2 }, outcome: "hit", ageSeconds: 0 });
  });

  it("reads the source in the caller's time once the stale window is over too", async () => {
    const t = setup();
    t.set({ n: 1, shared: true });
    await t.read();
    t.set({ n: 2, shared: true });
    t.advance(15);
    expect(await t.read()).toMatchObject({ value: { n: 2 }, outcome: "miss" });
    expect(t.background).toHaveLength(0);
  });

  it("never stores what is not shareable, and a refresh that finds it so removes the entry", async () => {
    const cache = mapCache();
    const t = setup(cache);
    t.set({ n: 1, shared: false });
    expect(await t.read()).toMatchObject({ outcome: "miss", freshForSeconds: 0 });
    expect(cache.entries.size).toBe(0);

    t.set({ n: 2, shared: true });
    await t.read();
    expect(cache.entries.size).toBe(1);
    // It turns private: the stale answer is the last one served from the cache.
    t.set({ n: 3, shared: false });
    t.advance(12);
    expect(await t.read()).toMatchObject({ value: { n: 2 }, outcome: "stale" });
    await Promise.all(t.background);
    expect(cache.entries.size).toBe(0);
    expect(await t.read()).toMatchObject({ value: { n: 3 }, outcome: "miss" });
  });

  it("joins concurrent misses of one key into one source read, where the cache lives in this process", async () => {
    const t = setup();
    t.set({ n: 1, shared: true });
    const answers = await Promise.all([t.read(), t.read(), t.read()]);
    expect(answers.map((a) => a.value.n)).toEqual([1, 1, 1]);
    expect(t.loads()).toBe(1);
  });

  it("lets each request read for itself where requests must not wait on each other (Workers)", async () => {
    const t = setup(mapCache(false));
    t.set({ n: 1, shared: true });
    await Promise.all([t.read(), t.read()]);
    expect(t.loads()).toBe(2);
  });

  it("dates an entry from the start of its read, so a change made during a slow read is not kept longer", async () => {
    const t = setup();
    t.set({ n: 1, shared: true });
    await t.read({
      load: async () => {
        t.advance(3);
        return { n: 1, shared: true };
      },
    });
    t.advance(7);
    expect(await t.read()).toMatchObject({ outcome: "stale", ageSeconds: 10 });
  });

  it("always reads the source without a cache or with a zero lifetime", async () => {
    const none = setup(null);
    await none.read();
    await none.read();
    expect(none.loads()).toBe(2);
    const off = setup();
    await off.read({ policy: { freshSeconds: 0, staleSeconds: 5 } });
    expect(await off.read({ policy: { freshSeconds: 0, staleSeconds: 5 } })).toMatchObject({ outcome: "bypass" });
    expect(off.loads()).toBe(2);
  });

  it("still answers when the cache fails", async () => {
    const broken: ResponseCache = {
      joinsReads: true,
      get: () => Promise.reject(new Error("down")),
      put: () => Promise.reject(new Error("down")),
      delete: () => Promise.reject(new Error("down")),
    };
    const t = setup(broken);
    t.set({ n: 7, shared: true });
    expect(await t.read()).toMatchObject({ value: { n: 7 }, outcome: "miss" });
  });
});
