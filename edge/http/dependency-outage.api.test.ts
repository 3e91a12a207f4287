import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger } from "../../shared/logger.js";
import { edgeHarness, signUp, uniqueEmail, type Answer, type Harness, type SignedUp } from "../../local/testing/edge-harness.js";
import { proxyUrl, type TcpProxy } from "../../local/testing/tcp-proxy.js";

/**
 * Postgres (behind the Neon endpoint) and Redis (behind the Upstash endpoint) go away and come back: every
 * route that needs them answers 503 with Retry-After in the envelope meanwhile, the log says why, and the
 * edge recovers without a restart.
 */
let database: TcpProxy & { url: string };
let redis: TcpProxy & { url: string };
let h: Harness;
let user: SignedUp;
const lines: string[] = [];

beforeAll(async () => {
  const stack = inject("stackEnv");
  database = await proxyUrl(stack.NEON_HTTP_ENDPOINT!);
  redis = await proxyUrl(stack.UPSTASH_REDIS_REST_URL!);
  h = await edgeHarness({ NEON_HTTP_ENDPOINT: database.url, UPSTASH_REDIS_REST_URL: redis.url });
  h.ports.log = createLogger("edge", { level: "warn", write: (line) => lines.push(line) });
  user = await signUp(h);
});

afterAll(async () => {
  await database.close();
  await redis.close();
});

const requests = () => ({
  register: () =>
    h.call("POST", "/auth/register", { json: { name: "Outage Person", email: uniqueEmail("outage"), password: "outage-password" } }),
  login: () => h.call("POST", "/auth/login", { json: { email: user.email, password: user.password } }),
  refresh: () => h.call("POST", "/auth/refresh", { json: { refresh_token: "rt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" } }),
  profile: () => h.call("GET", "/auth/profile", { token: user.token }),
  settings: () => h.call("GET", "/users/me/settings", { token: user.token }),
  catalog: () => h.call("GET", "/videos"),
  mine: () => h.call("GET", "/users/me/videos", { token: user.token }),
  video: () => h.call("GET", "/videos/vid_aaaaaaaaaaaaaaaaaaaaaa"),
});

function expectUnavailable(name: string, res: Answer) {
  expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(503);
  expect(res.body, name).toMatchObject({ message: "Service Unavailable", data: expect.any(Object) });
  expect(Number(res.headers.get("retry-after")), name).toBeGreaterThan(0);
}

describe.each([
  { dependency: "database", outage: () => database },
  { dependency: "redis", outage: () => redis },
])("while the $dependency is down", ({ dependency, outage }) => {
  it("every route that needs it answers 503 with Retry-After, logs the cause without values, and recovers", async () => {
    const reached =
      dependency === "database"
        ? Object.entries(requests())
        : Object.entries(requests()).filter(([name]) => ["login", "profile", "settings", "mine"].includes(name));
    lines.length = 0;
    await outage().cut();
    try {
      for (const [name, call] of reached) expectUnavailable(name, await call());
    } finally {
      await outage().restore();
    }
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((r) => r.message === "dependency unavailable");
    expect(logged.length).toBeGreaterThanOrEqual(reached.length);
    const text = JSON.stringify(logged);
    expect(text).toMatch(/ECONNREFUSED|fetch failed/);
    expect(text).not.toContain(user.email);
    expect(text).not.toContain("params: 1");

    // Back by itself: the same harness, no restart.
    expect((await requests().profile()).status).toBe(200);
    expect((await requests().login()).status).toBe(200);
    expect((await requests().register()).status).toBe(201);
  });
});
