import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis, errors, type RedisConfigNodejs } from "@upstash/redis";
import { Redis as IORedis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { startUpstashProxy, type RunningUpstashProxy } from "./index.js";

// The integration project's global setup provides the stack's Redis; run alone, a local one will do.
// Every key lives under a per-run prefix.
const REDIS_URL =
  (inject("stackEnv") as Record<string, string> | undefined)?.REDIS_URL ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test:upstash-proxy:${randomUUID()}:`;
const token = randomBytes(18).toString("base64url");
const FLAGGED_SCRIPT = "#!lua flags=allow-key-locking\nredis.call('SET', KEYS[1], ARGV[1])\nreturn redis.call('GET', KEYS[1])";

let proxy: RunningUpstashProxy;
// Talks to Redis directly, to check what the proxy really stored and to clean up.
let direct: IORedis;

beforeAll(async () => {
  proxy = await startUpstashProxy({ port: 0, redisUrl: REDIS_URL, token });
  direct = new IORedis(REDIS_URL, { protocol: 2 });
});

afterAll(async () => {
  const keys = await direct.keys(`${prefix}*`);
  if (keys.length > 0) await direct.del(...keys);
  direct.disconnect();
  await proxy.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function key(name: string): string {
  return `${prefix}${name}`;
}

function client(overrides: Partial<RedisConfigNodejs> = {}, url = proxy.url): Redis {
  return new Redis({ url, token, enableTelemetry: false, enableAutoPipelining: false, retry: false, ...overrides });
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** Every command the Upstash client sends over fetch, with the path it went to. */
function recordCommands(): { path: string; command: string[] }[] {
  const seen: { path: string; command: string[] }[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const path = new URL(String(input)).pathname;
    const body: unknown = JSON.parse(String(init?.body));
    const commands = path === "/" ? [body] : (body as unknown[]); // "/" carries one command, the rest a list
    for (const command of commands) seen.push({ path, command: (command as unknown[]).map(String) });
    return realFetch(input, init);
  });
  return seen;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${proxy.url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe("@upstash/redis through the proxy", () => {
  const redis = () => client();

  it("sets with EX, gets and reports the TTL", async () => {
    const r = redis();
    expect(await r.set(key("ex"), "hello", { ex: 30 })).toBe("OK");
    expect(await r.get(key("ex"))).toBe("hello");
    const ttl = await r.ttl(key("ex"));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
  });

  it("round-trips unicode and binary-ish values byte for byte", async () => {
    const r = redis();
    const values = {
      unicode: "héllo wörld ✓ 日本語 🎉",
      control: "a\u0000b\u0001\u001f\u007f\r\n\t",
      literalOk: "OK",
      looksLikeBase64: "T0s=",
      halfJson: '{"open": ',
    };
    for (const [name, value] of Object.entries(values)) {
      await r.set(key(`bin:${name}`), value);
      expect(await r.get(key(`bin:${name}`))).toBe(value);
      expect(await direct.getBuffer(key(`bin:${name}`))).toEqual(Buffer.from(value, "utf8"));
    }
  });

  it("serves clients that do not ask for base64", async () => {
    const r = client({ responseEncoding: false });
    await r.set(key("plain"), "plain ✓");
    expect(await r.get(key("plain"))).toBe("plain ✓");
    expect(await r.mget(key("plain"), key("plain:missing"))).toEqual(["plain ✓", null]);
  });

  it("handles hashes", async () => {
    const r = redis();
    expect(await r.hset(key("hash"), { name: "ada", visits: 3 })).toBe(2);
    expect(await r.hget(key("hash"), "name")).toBe("ada");
    expect(await r.hincrby(key("hash"), "visits", 1)).toBe(4);
    expect(await r.hgetall(key("hash"))).toEqual({ name: "ada", visits: 4 });
  });

  it("increments", async () => {
    const r = redis();
    expect(await r.incr(key("counter"))).toBe(1);
    expect(await r.incrby(key("counter"), 41)).toBe(42);
    expect(await r.decr(key("counter"))).toBe(41);
  });

  it("answers MGET with null for a missing key", async () => {
    const r = redis();
    await r.set(key("mget:a"), "x");
    await r.set(key("mget:b"), "y");
    expect(await r.mget(key("mget:a"), key("mget:missing"), key("mget:b"))).toEqual(["x", null, "y"]);
  });

  it("deletes", async () => {
    const r = redis();
    await r.set(key("del:a"), "1");
    await r.set(key("del:b"), "2");
    expect(await r.del(key("del:a"), key("del:b"), key("del:missing"))).toBe(2);
    expect(await r.exists(key("del:a"))).toBe(0);
  });

  it("stores objects as JSON and parses them back", async () => {
    const r = redis();
    const value = { a: 1, nested: { list: [1, "two", null] }, text: "ü" };
    await r.set(key("json"), value);
    expect(await r.get(key("json"))).toEqual(value);
    expect(await direct.get(key("json"))).toBe(JSON.stringify(value));
  });

  it("runs a pipeline, keeping each command's error to itself", async () => {
    const r = redis();
    const results = await r
      .pipeline()
      .set(key("pipe:n"), "1")
      .incr(key("pipe:n"))
      .get(key("pipe:n"))
      .hset(key("pipe:h"), { f: "v" })
      .hgetall(key("pipe:h"))
      .exec();
    expect(results).toEqual(["OK", 2, 2, 1, { f: "v" }]);

    const mixed = await r.pipeline().set(key("pipe:text"), "text").incr(key("pipe:text")).get(key("pipe:text")).exec({ keepErrors: true });
    expect(mixed[0]).toEqual({ result: "OK", error: undefined });
    expect(mixed[1]?.error).toMatch(/ERR value is not an integer/);
    expect(mixed[2]).toEqual({ result: "text", error: undefined });
  });

  it("runs a transaction through multi()", async () => {
    const r = redis();
    expect(await r.multi().set(key("multi:n"), "10").incrby(key("multi:n"), 5).get(key("multi:n")).exec()).toEqual(["OK", 15, 15]);
  });

  it("refuses a whole transaction that holds a refused command, running none of it", async () => {
    const r = redis();
    await expect(r.multi().set(key("multi:refused"), "x").flushdb().exec()).rejects.toThrow(/FLUSHDB is refused/);
    expect(await direct.exists(key("multi:refused"))).toBe(0);
  });

  it("batches concurrent calls with auto-pipelining", async () => {
    const seen = recordCommands();
    const r = client({ enableAutoPipelining: true });
    const ids = Array.from({ length: 20 }, (_, i) => i);
    expect(await Promise.all(ids.map((i) => r.set(key(`auto:${i}`), `v${i}`)))).toEqual(ids.map(() => "OK"));
    expect(await Promise.all(ids.map((i) => r.get(key(`auto:${i}`))))).toEqual(ids.map((i) => `v${i}`));
    expect(await Promise.all(ids.map(() => r.incr(key("auto:counter"))))).toEqual(ids.map((i) => i + 1));

    expect(seen).toHaveLength(60);
    expect(new Set(seen.map((s) => s.path))).toEqual(new Set(["/pipeline"]));
    expect(vi.mocked(globalThis.fetch).mock.calls.length).toBeLessThan(10);
  });

  it("surfaces a command error as an UpstashError, with and without auto-pipelining", async () => {
    await redis().set(key("err:text"), "not a number");
    const plain = redis().incr(key("err:text"));
    await expect(plain).rejects.toBeInstanceOf(errors.UpstashError);
    await expect(plain).rejects.toThrow(/ERR value is not an integer/);
    await expect(client({ enableAutoPipelining: true }).incr(key("err:text"))).rejects.toThrow(/ERR value is not an integer/);
    await expect(redis().exec(["NOSUCHCOMMAND", "x"])).rejects.toThrow(/unknown command/);
  });

  it("rejects a wrong token", async () => {
    await expect(client({ token: "wrong" }).get(key("anything"))).rejects.toThrow(/Unauthorized/);
  });

  it("refuses admin commands and leaves the data alone", async () => {
    const r = redis();
    await r.set(key("survivor"), "still here");
    await expect(r.flushall()).rejects.toThrow(/FLUSHALL is refused by the local Upstash proxy/);
    await expect(r.flushdb()).rejects.toThrow(/FLUSHDB is refused/);
    await expect(r.exec(["CONFIG", "SET", "maxmemory", "1"])).rejects.toThrow(/CONFIG is refused/);
    await expect(r.exec(["SCRIPT", "FLUSH"])).rejects.toThrow(/SCRIPT is refused/);
    expect(await r.get(key("survivor"))).toBe("still here");
  });
});

describe("Lua scripts with Upstash-only shebang flags", () => {
  it("SCRIPT LOAD answers the client's sha, which EVALSHA and SCRIPT EXISTS then accept", async () => {
    const r = client();
    const sha = await r.scriptLoad(FLAGGED_SCRIPT);
    expect(sha).toBe(sha1(FLAGGED_SCRIPT));
    expect(await r.scriptExists(sha)).toEqual([1]);
    expect(await r.evalsha(sha, [key("lua:loaded")], ["via evalsha"])).toBe("via evalsha");
  });

  it("lets @upstash/redis fall back from NOSCRIPT to EVAL, then serves its EVALSHA", async () => {
    // A fresh proxy has not seen the script, so its first EVALSHA must miss.
    const fresh = await startUpstashProxy({ port: 0, redisUrl: REDIS_URL, token });
    try {
      const seen = recordCommands();
      const script = client({}, fresh.url).createScript<string>(`${FLAGGED_SCRIPT}\n-- ${randomUUID()}`);
      expect(await script.exec([key("lua:fallback")], ["first"])).toBe("first");
      expect(await script.exec([key("lua:fallback")], ["second"])).toBe("second");
      expect(seen.map((s) => s.command[0])).toEqual(["evalsha", "eval", "evalsha"]);
    } finally {
      await fresh.close();
    }
  });

  describe.each([
    ["slidingWindow", () => Ratelimit.slidingWindow(3, "1 h")],
    ["fixedWindow", () => Ratelimit.fixedWindow(3, "1 h")],
  ])("@upstash/ratelimit %s", (name, limiter) => {
    it("allows exactly the limit, via EVAL first and EVALSHA after", async () => {
      const fresh = await startUpstashProxy({ port: 0, redisUrl: REDIS_URL, token });
      try {
        // Auto-pipelining on, as production clients run.
        const redis = client({ enableAutoPipelining: true }, fresh.url);
        for (const round of [1, 2]) {
          const seen = recordCommands();
          // timeout 0: a slow Redis must fail the test, not let the library pass the request.
          const ratelimit = new Ratelimit({
            redis,
            limiter: limiter(),
            prefix: key(`rl:${name}:${round}`),
            ephemeralCache: false,
            analytics: false,
            timeout: 0,
          });
          const before = Date.now();
          const results = [];
          for (let i = 0; i < 4; i++) results.push(await ratelimit.limit("user-1"));
          expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
          expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
          for (const r of results) {
            expect(r.limit).toBe(3);
            expect(r.reset).toBeGreaterThan(before);
            expect(r.reason).toBeUndefined();
          }
          const names = seen.map((s) => s.command[0]);
          // Round 1: the proxy does not know the hard-coded sha yet, so NOSCRIPT and the EVAL fallback.
          expect(names).toEqual(
            round === 1 ? ["evalsha", "eval", "evalsha", "evalsha", "evalsha"] : ["evalsha", "evalsha", "evalsha", "evalsha"],
          );
          vi.restoreAllMocks();
        }
      } finally {
        await fresh.close();
      }
    });
  });
});

describe("the REST protocol at the edges", () => {
  it("encodes bulk strings as base64 only when asked, and never a bare OK", async () => {
    expect(await post("/", ["SET", key("enc"), "wört"], { "Upstash-Encoding": "base64" })).toEqual({ status: 200, json: { result: "OK" } });
    expect((await post("/", ["GET", key("enc")], { "Upstash-Encoding": "base64" })).json).toEqual({
      result: Buffer.from("wört").toString("base64"),
    });
    expect((await post("/", ["GET", key("enc")])).json).toEqual({ result: "wört" });
    expect((await post("/", ["PING"], { "Upstash-Encoding": "base64" })).json).toEqual({ result: Buffer.from("PONG").toString("base64") });
    expect((await post("/", ["ECHO", "OK"], { "Upstash-Encoding": "base64" })).json).toEqual({ result: "T0s=" });
  });

  it("stringifies number and boolean arguments and rejects other types", async () => {
    expect((await post("/", ["SET", key("num"), 12.5])).status).toBe(200);
    expect(await direct.get(key("num"))).toBe("12.5");
    expect((await post("/", ["SET", key("bool"), true])).status).toBe(200);
    expect(await direct.get(key("bool"))).toBe("true");
    expect(await post("/", ["SET", key("obj"), { a: 1 }])).toEqual({ status: 400, json: { error: expect.stringMatching(/argument 2/) } });
  });

  it("answers a command error with 400", async () => {
    expect(await post("/", ["SET", key("x")])).toEqual({
      status: 400,
      json: { error: expect.stringMatching(/^ERR wrong number of arguments/) },
    });
  });

  it("requires the bearer token", async () => {
    const res = await fetch(proxy.url, { method: "POST", body: JSON.stringify(["PING"]) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized" });
  });

  it("answers malformed JSON and malformed commands with 400", async () => {
    expect(await post("/", '["SET", "k"')).toEqual({ status: 400, json: { error: "ERR request body is not valid JSON" } });
    expect((await post("/", [])).status).toBe(400);
    expect((await post("/pipeline", [["PING"], "PING"])).status).toBe(400);
  });

  it("refuses an oversized body with 413", async () => {
    const res = await fetch(proxy.url, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
      body: JSON.stringify(["SET", key("big"), "x".repeat(11 * 1024 * 1024)]),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/exceeds/) });
  });

  it("only serves POST", async () => {
    const res = await fetch(proxy.url, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(405);
  });

  it("answers path-style commands with 400, refused ones with the policy's reason", async () => {
    expect((await post(`/get/${encodeURIComponent(key("x"))}`, [])).json).toEqual({
      error: expect.stringMatching(/path-style commands are not supported/),
    });
    expect(await post("/subscribe/chat", [])).toEqual({ status: 400, json: { error: expect.stringMatching(/SUBSCRIBE is refused/) } });
  });

  it("runs the rest of a pipeline around a refused command", async () => {
    const { status, json } = await post("/pipeline", [["SET", key("pipe:around"), "1"], ["FLUSHALL"], ["INCR", key("pipe:around")]]);
    expect(status).toBe(200);
    expect(json).toEqual([{ result: "OK" }, { error: expect.stringMatching(/FLUSHALL is refused/) }, { result: 2 }]);
  });

  it("discards a transaction Redis aborts while queueing", async () => {
    const { status, json } = await post("/multi-exec", [
      ["SET", key("tx:aborted"), "1"],
      ["SET", key("tx:aborted")],
    ]);
    expect(status).toBe(400);
    expect(json).toEqual({ error: expect.stringMatching(/^EXECABORT .*wrong number of arguments/) });
    expect(await direct.exists(key("tx:aborted"))).toBe(0);
  });

  it("refuses blocking commands without a timeout, and runs timed ones without stalling others", async () => {
    expect((await post("/", ["BLPOP", key("list"), 0])).status).toBe(400);
    expect((await post("/", ["XREAD", "BLOCK", "0", "STREAMS", key("stream"), "$"])).status).toBe(400);
    await post("/", ["SET", key("quick"), "fast"]);
    const started = Date.now();
    const blocked = post("/", ["BLPOP", key("list"), 1]);
    expect((await post("/", ["GET", key("quick")])).json).toEqual({ result: "fast" });
    expect(Date.now() - started).toBeLessThan(500);
    expect(await blocked).toEqual({ status: 200, json: { result: null } });
  });
});

describe("start and close", () => {
  it("refuses to start when Redis cannot be reached", async () => {
    const unused = createServer();
    await new Promise<void>((resolve) => unused.listen(0, "127.0.0.1", resolve));
    const { port } = unused.address() as AddressInfo;
    await new Promise((resolve) => unused.close(resolve));
    await expect(startUpstashProxy({ port: 0, redisUrl: `redis://127.0.0.1:${port}`, token })).rejects.toThrow(
      /failed to start: .*ECONNREFUSED/,
    );
  });

  it("ends in-flight and keep-alive connections promptly", async () => {
    const own = await startUpstashProxy({ port: 0, redisUrl: REDIS_URL, token });
    const r = client({}, own.url);
    expect(await r.ping()).toBe("PONG");
    const blocked = fetch(own.url, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
      body: JSON.stringify(["BLPOP", key("close:list"), 30]),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(blocked).rejects.toThrow();
    await expect(r.ping()).rejects.toThrow();
  });
});
