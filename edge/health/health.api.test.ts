import { describe, expect, it } from "vitest";
import { edgeHarness, signUp } from "../../local/testing/edge-harness.js";

// A port nothing listens on: the dependency is "down".
const DEAD = "http://127.0.0.1:9";

describe("GET /health", () => {
  it("is healthy when Postgres and Redis answer through the production drivers", async () => {
    const h = await edgeHarness();
    const res = await h.call("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "healthy", checks: { database: "ok", redis: "ok" } });
  });

  it("answers 503 naming Redis when Redis is unreachable", async () => {
    const h = await edgeHarness({ UPSTASH_REDIS_REST_URL: DEAD });
    const res = await h.call("GET", "/health");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: "unhealthy", checks: { database: "ok", redis: "failed" } });
  });

  it("answers 503 naming the database when Postgres is unreachable", async () => {
    const h = await edgeHarness({ NEON_HTTP_ENDPOINT: `${DEAD}/sql` });
    const res = await h.call("GET", "/health");
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ database: "failed", redis: "ok" });
  });
});

describe("when Redis is down", () => {
  it("authenticated routes fail closed with 503, never letting a token through unchecked", async () => {
    const healthy = await edgeHarness();
    const user = await signUp(healthy);
    const cut = await edgeHarness({ UPSTASH_REDIS_REST_URL: DEAD });
    const res = await cut.call("GET", "/auth/profile", { token: user.token });
    expect(res.status).toBe(503);
    expect(res.body.message).toBe("Service Unavailable");
    expect((await cut.call("GET", "/users/me", { token: user.token })).status).toBe(503);
  });

  it("sign-in answers 503 instead of skipping its rate limit", async () => {
    const healthy = await edgeHarness();
    const user = await signUp(healthy);
    const cut = await edgeHarness({ UPSTASH_REDIS_REST_URL: DEAD });
    expect((await cut.call("POST", "/auth/login", { json: { email: user.email, password: user.password } })).status).toBe(503);
  });
});
