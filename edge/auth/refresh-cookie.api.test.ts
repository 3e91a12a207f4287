import { beforeAll, describe, expect, it } from "vitest";
import { edgeHarness, signUp, uniqueEmail, type Answer, type Harness } from "../../local/testing/edge-harness.js";

/**
 * The browser's way of keeping the refresh token: an httpOnly, SameSite=Strict cookie on /auth/refresh,
 * used only when the request carries X-Refresh-Cookie: 1. JSON clients see no difference.
 */
let h: Harness;
beforeAll(async () => {
  h = await edgeHarness();
});

const browser = { "x-refresh-cookie": "1" };

function refreshCookie(res: Answer): { value: string; attributes: string[] } | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith("vod_refresh="));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(";").map((p) => p.trim());
  return { value: pair!.slice("vod_refresh=".length), attributes };
}

async function registerInBrowser(url = "/auth/register") {
  const res = await h.call("POST", url, {
    json: { name: "Cookie Person", email: uniqueEmail("cookie"), password: "cookie-password" },
    headers: browser,
  });
  expect(res.status).toBe(201);
  return res;
}

describe("refresh token in an httpOnly cookie (X-Refresh-Cookie: 1)", () => {
  it("register sets the cookie httpOnly, SameSite=Strict, scoped to /auth/refresh, and keeps the token out of the body", async () => {
    const res = await registerInBrowser();
    expect(res.body.data).not.toHaveProperty("refresh_token");
    expect(res.body.data).toMatchObject({ token_type: "Bearer", expires_in: 900, refresh_expires_in: 30 * 86_400 });
    const cookie = refreshCookie(res)!;
    expect(cookie.value).toMatch(/^rt_/);
    expect(cookie.attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "SameSite=Strict", "Path=/auth/refresh", `Max-Age=${30 * 86_400}`]),
    );
    // Plain http (local dev on 127.0.0.1): a Secure cookie would be dropped by the browser.
    expect(cookie.attributes).not.toContain("Secure");
  });

  it("is Secure over https, and behind a proxy that terminated https", async () => {
    expect(refreshCookie(await registerInBrowser("https://edge.example/auth/register"))!.attributes).toContain("Secure");
    const proxied = await h.call("POST", "/auth/register", {
      json: { name: "Proxied Person", email: uniqueEmail("proxied"), password: "cookie-password" },
      headers: { ...browser, "x-forwarded-proto": "https" },
    });
    expect(refreshCookie(proxied)!.attributes).toContain("Secure");
  });

  it("login sets it too; refresh rotates it with no body, and the new access token works", async () => {
    const user = await signUp(h);
    const login = await h.call("POST", "/auth/login", { json: { email: user.email, password: user.password }, headers: browser });
    expect(login.status).toBe(200);
    expect(login.body.data).not.toHaveProperty("refresh_token");
    const first = refreshCookie(login)!.value;

    const refreshed = await h.call("POST", "/auth/refresh", { headers: { ...browser, cookie: `vod_refresh=${first}` } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.data).not.toHaveProperty("refresh_token");
    const second = refreshCookie(refreshed)!.value;
    expect(second).toMatch(/^rt_/);
    expect(second).not.toBe(first);
    expect((await h.call("GET", "/auth/profile", { token: refreshed.body.data.token })).body.data.user.id).toBe(user.userId);
  });

  it("a replayed cookie is reuse: 401, the cookie is cleared and the whole session is revoked", async () => {
    const registered = await registerInBrowser();
    const first = refreshCookie(registered)!.value;
    const rotated = await h.call("POST", "/auth/refresh", { headers: { ...browser, cookie: `vod_refresh=${first}` } });
    // The browser goes on with the new cookie: from then on the first one is only a copy.
    const next = await h.call("POST", "/auth/refresh", { headers: { ...browser, cookie: `vod_refresh=${refreshCookie(rotated)!.value}` } });
    const third = refreshCookie(next)!.value;

    const replay = await h.call("POST", "/auth/refresh", { headers: { ...browser, cookie: `vod_refresh=${first}` } });
    expect(replay.status).toBe(401);
    expect(refreshCookie(replay)).toMatchObject({ value: "", attributes: expect.arrayContaining(["Max-Age=0", "Path=/auth/refresh"]) });
    expect((await h.call("POST", "/auth/refresh", { headers: { ...browser, cookie: `vod_refresh=${third}` } })).status).toBe(401);
    expect((await h.call("GET", "/auth/profile", { token: next.body.data.token })).status).toBe(401);
  });

  it("without the cookie: 401, nothing else", async () => {
    const res = await h.call("POST", "/auth/refresh", { headers: browser });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: "Unauthorized", data: {} });
  });

  it("CSRF: the cookie alone does nothing; the custom header is required, and no cross-origin page may send it", async () => {
    const registered = await registerInBrowser();
    const cookie = `vod_refresh=${refreshCookie(registered)!.value}`;
    // What a page of another origin on the same site could make a browser send without a preflight: the
    // cookie, but no custom header. The cookie is not even looked at.
    const simple = await h.call("POST", "/auth/refresh", { headers: { cookie } });
    expect(simple.status).toBe(400);
    expect(simple.body.data.errors).toEqual({ refresh_token: ["The refresh_token field is required."] });
    expect(refreshCookie(simple)).toBeUndefined();
    // The header needs a preflight, and the edge does not allow it even for an origin on CORS_ORIGINS.
    const preflight = await h.call("OPTIONS", "/auth/refresh", {
      headers: { origin: "http://app.test", "access-control-request-method": "POST", "access-control-request-headers": "x-refresh-cookie" },
    });
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase() ?? "").not.toContain("x-refresh-cookie");
    // The cookie still works for its own page afterwards (the attempts above did not spend it).
    expect((await h.call("POST", "/auth/refresh", { headers: { ...browser, cookie } })).status).toBe(200);
  });

  it("logout clears the cookie and revokes the session behind it", async () => {
    const registered = await registerInBrowser();
    const cookie = `vod_refresh=${refreshCookie(registered)!.value}`;
    const out = await h.call("POST", "/auth/logout", { token: registered.body.data.token, headers: browser });
    expect(out.status).toBe(200);
    expect(refreshCookie(out)).toMatchObject({ value: "", attributes: expect.arrayContaining(["Max-Age=0"]) });
    expect((await h.call("POST", "/auth/refresh", { headers: { ...browser, cookie } })).status).toBe(401);
  });

  it("JSON clients are unchanged: the pair in the body and no cookie", async () => {
    const user = await signUp(h);
    const login = await h.call("POST", "/auth/login", { json: { email: user.email, password: user.password } });
    expect(login.body.data.refresh_token).toMatch(/^rt_/);
    expect(login.headers.getSetCookie()).toEqual([]);
    const refreshed = await h.call("POST", "/auth/refresh", { json: { refresh_token: login.body.data.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.data.refresh_token).toMatch(/^rt_/);
    expect(refreshed.headers.getSetCookie()).toEqual([]);
    const noBody = await h.call("POST", "/auth/refresh");
    expect(noBody.status).toBe(400);
    expect(noBody.body.data.errors).toEqual({ refresh_token: ["The refresh_token field is required."] });
  });
});
