import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * The browser session against a scripted fetch: the cookie mode header on every auth call, the access
 * token in memory only, silent renewal before expiry, one renewal and retry on a 401.
 */
const user = { id: "usr_1", name: "Ada", email: "ada@example.test", image_url: null, created_at: "", updated_at: "" };
const pair = (token: string) => ({ token, token_type: "Bearer", expires_in: 900, refresh_expires_in: 2_592_000, user });
const json = (status: number, data: unknown) =>
  new Response(JSON.stringify(status < 400 ? { message: "ok", data } : { message: "Unauthorized", data: {} }), {
    status,
    headers: { "content-type": "application/json" },
  });

type Call = { url: string; headers: Record<string, string>; body?: string };
let calls: Call[];
let answer: (call: Call) => Response;

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetModules();
  calls = [];
  const store = new Map<string, string>();
  vi.stubGlobal("localStorage", {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
    removeItem: (k: string) => store.delete(k),
  });
  vi.stubGlobal("document", { addEventListener: () => undefined, visibilityState: "visible" });
  vi.stubGlobal("navigator", {});
  // Node's BroadcastChannel would carry one test's "signed-in" to the next test's fresh module.
  vi.stubGlobal(
    "BroadcastChannel",
    class {
      postMessage() {}
      addEventListener() {}
    },
  );
  vi.stubGlobal("location", { origin: "http://app.test" });
  // What openapi-fetch sends: a Request (header names lower-cased).
  vi.stubGlobal("fetch", async (request: Request) => {
    const call = {
      url: new URL(request.url).pathname,
      headers: Object.fromEntries(request.headers),
      body: request.body ? await request.text() : undefined,
    };
    calls.push(call);
    return answer(call);
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the browser session", () => {
  it("signs in in cookie mode, keeps the access token in memory only, and renews it a minute before it expires", async () => {
    let issued = 0;
    answer = (c) => (c.url.startsWith("/auth/") ? json(200, pair(`access-${++issued}`)) : json(200, { ok: true }));
    const auth = await import("./auth.js");
    const { api, unwrap } = await import("./api.js");
    await auth.signIn("ada@example.test", "pw");
    expect(calls[0]).toMatchObject({ url: "/auth/login", headers: { "x-refresh-cookie": "1" } });
    expect(auth.currentUser()?.name).toBe("Ada");
    expect(localStorage.getItem("vod.session")).toBe("1");

    await unwrap(api.GET("/users/me"));
    expect(calls.at(-1)!.headers.authorization).toBe("Bearer access-1");

    await vi.advanceTimersByTimeAsync(839_000);
    expect(calls.filter((c) => c.url === "/auth/refresh")).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    const refreshes = calls.filter((c) => c.url === "/auth/refresh");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.headers["x-refresh-cookie"]).toBe("1");
    expect(refreshes[0]!.body).toBeUndefined();
    await unwrap(api.GET("/users/me"));
    expect(calls.at(-1)!.headers.authorization).toBe("Bearer access-2");
  });

  it("on a 401 renews once and retries; when the session is over, signs out", async () => {
    let issued = 0;
    let sessionAlive = true;
    answer = (c) => {
      if (c.url === "/auth/login") return json(200, pair(`access-${++issued}`));
      if (c.url === "/auth/refresh") return sessionAlive ? json(200, pair(`access-${++issued}`)) : json(401, {});
      return c.headers.authorization === `Bearer access-${issued}` && sessionAlive ? json(200, { ok: true }) : json(401, {});
    };
    const auth = await import("./auth.js");
    const { api, ApiError, unwrap } = await import("./api.js");
    await auth.signIn("ada@example.test", "pw");
    issued += 1; // the server moved on (e.g. the token was revoked): the next call gets a 401
    await expect(unwrap(api.GET("/users/me"))).resolves.toEqual({ ok: true });
    expect(calls.map((c) => c.url)).toEqual(["/auth/login", "/users/me", "/auth/refresh", "/users/me"]);

    sessionAlive = false;
    await expect(unwrap(api.GET("/users/me"))).rejects.toBeInstanceOf(ApiError);
    expect(auth.currentUser()).toBeNull();
    expect(localStorage.getItem("vod.session")).toBeNull();
  });

  it("restores a session only in a browser that had one", async () => {
    answer = () => json(200, pair("access-1"));
    const auth = await import("./auth.js");
    await auth.restoreSession();
    expect(calls).toEqual([]);
    localStorage.setItem("vod.session", "1");
    await auth.restoreSession();
    expect(calls.map((c) => c.url)).toEqual(["/auth/refresh"]);
    expect(auth.isSignedIn()).toBe(true);
  });

  it("signs out with the live token, in cookie mode, and forgets the session", async () => {
    answer = () => json(200, pair("access-1"));
    const auth = await import("./auth.js");
    await auth.signUp("Ada", "ada@example.test", "password");
    expect(calls[0]).toMatchObject({ url: "/auth/register", headers: { "x-refresh-cookie": "1" } });
    await auth.signOut();
    expect(calls.at(-1)).toMatchObject({ url: "/auth/logout", headers: { "x-refresh-cookie": "1", authorization: "Bearer access-1" } });
    expect(auth.isSignedIn()).toBe(false);
    expect(localStorage.getItem("vod.session")).toBeNull();
  });
});
