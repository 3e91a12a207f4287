import { describe, expect, it } from "vitest";
import { cached, type ResponseCache } from "./response-cache.js";

function memoryCache(): ResponseCache & { puts: number } {
  const store = new Map<string, unknown>();
  return {
    puts: 0,
    async get<T>(key: string) {
      return store.get(key) as T | undefined;
    },
    async put(key, value) {
      this.puts++;
      store.set(key, JSON.parse(JSON.stringify(value)));
    },
  };
}

describe("cached", () => {
  it("loads once and then answers from the cache", async () => {
    const cache = memoryCache();
    let loads = 0;
    const load = async () => ({ n: ++loads });
    expect(await cached(cache, "k", 10, load)).toEqual({ n: 1 });
    expect(await cached(cache, "k", 10, load)).toEqual({ n: 1 });
    expect(loads).toBe(1);
  });

  it("always loads without a cache or with a zero TTL", async () => {
    let loads = 0;
    const load = async () => ++loads;
    await cached(null, "k", 10, load);
    await cached(memoryCache(), "k", 0, load);
    expect(loads).toBe(2);
  });

  it("still answers when the cache fails", async () => {
    const broken: ResponseCache = { get: () => Promise.reject(new Error("down")), put: () => Promise.reject(new Error("down")) };
    expect(await cached(broken, "k", 10, async () => "fresh")).toBe("fresh");
  });
});
