import { beforeAll, describe, expect, it } from "vitest";
import { edgeHarness, type Harness } from "../../local/testing/edge-harness.js";

let h: Harness;
beforeAll(async () => {
  h = await edgeHarness({ MAX_BODY_BYTES: "2048" });
});

describe("cross-cutting behaviour", () => {
  it("answers an unknown route with the 404 envelope", async () => {
    const res = await h.call("GET", "/no/such/route");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: "Resource Not Found", data: {} });
  });

  it("answers malformed JSON with 400 and no stack trace", async () => {
    const res = await h.call("POST", "/auth/login", { headers: { "content-type": "application/json" }, body: '{"email": "a@b.c",' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Bad Request");
    expect(res.body.data.errors.body[0]).toMatch(/JSON/i);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
  });

  it("answers a body that is not JSON at all with 400, not a server error", async () => {
    const res = await h.call("POST", "/auth/login", { headers: { "content-type": "text/plain" }, body: "email=a@b.c" });
    expect(res.status).toBe(400);
    expect(res.body.data.errors.body[0]).toMatch(/must be JSON/);
  });

  it("answers a JSON body that is not an object with 400", async () => {
    const res = await h.call("POST", "/auth/register", { json: ["not", "an", "object"] });
    expect(res.status).toBe(400);
    expect(res.body.data.errors).toMatchObject({ name: [], email: [], password: [], body: ["The body must be a JSON object."] });
  });

  it("answers a body over the limit with 413", async () => {
    const res = await h.call("POST", "/auth/register", {
      json: { name: "Big Body", email: "big@example.test", password: "x".repeat(4096) },
    });
    expect(res.status).toBe(413);
    expect(res.body.message).toBe("Payload Too Large");
  });

  it("echoes a request id and sets secure headers", async () => {
    const res = await h.call("GET", "/no/such/route");
    expect(res.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    const mine = await h.call("GET", "/no/such/route", { headers: { "x-request-id": "trace-me-123" } });
    expect(mine.headers.get("x-request-id")).toBe("trace-me-123");
  });

  it("grants CORS only to configured origins, never a wildcard", async () => {
    const allowed = await h.call("OPTIONS", "/auth/login", {
      headers: { origin: "http://app.test", "access-control-request-method": "POST" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://app.test");
    expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");
    const stranger = await h.call("OPTIONS", "/auth/login", {
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("publishes an OpenAPI 3.1 document with every route", async () => {
    const res = await h.call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const routes = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        "GET /health",
        "GET /.well-known/jwks.json",
        "POST /auth/register",
        "POST /auth/login",
        "POST /auth/refresh",
        "POST /auth/logout",
        "GET /auth/profile",
        "GET /users/me",
        "PATCH /users/me",
        "GET /users/me/settings",
        "PUT /users/me/settings",
        "POST /uploads",
        "POST /uploads/{id}/complete",
        "POST /uploads/{id}/resume",
        "DELETE /uploads/{id}",
        "POST /videos/upload/presigned-url",
        "POST /videos/upload/webhook",
        "GET /videos",
        "GET /videos/{id}",
        "PATCH /videos/{id}",
        "DELETE /videos/{id}",
        "GET /videos/{id}/playback",
        "GET /videos/{id}/manifest.mpd",
        "GET /videos/{id}/master.m3u8",
        "GET /videos/{id}/hls/{name}",
        "GET /videos/{id}/storyboard.vtt",
        "PUT /videos/{id}/captions/{language}",
        "DELETE /videos/{id}/captions/{language}",
        "POST /videos/{id}/captions/{language}/upload",
        "POST /videos/{id}/captions/{language}/complete",
        "GET /videos/{id}/captions/{language}/playlist.m3u8",
        "GET /videos/{id}/downloads",
        "POST /videos/{id}/downloads",
        "GET /time",
        "GET /users/me/videos",
      ].sort(),
    );
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });
});
