import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "../../shared/db/schema.js";
import { findUserById } from "../accounts/index.js";
import { hashPassword, parseHash } from "./passwords.js";
import { edgeHarness, signUp, uniqueEmail, type Harness } from "../../local/testing/edge-harness.js";

let h: Harness;
beforeAll(async () => {
  h = await edgeHarness();
});

describe("POST /auth/register", () => {
  it("creates the account, answers 201 with a token pair and stores the email lower-case", async () => {
    const email = uniqueEmail("MiXeD").toUpperCase();
    const res = await h.call("POST", "/auth/register", { json: { name: "Ada Lovelace", email, password: "s3cret-enough" } });
    expect(res.status).toBe(201);
    expect(res.body.message).toBe("Registered");
    expect(res.body.data).toMatchObject({
      token_type: "Bearer",
      expires_in: 900,
      user: { name: "Ada Lovelace", email: email.toLowerCase(), image_url: null },
    });
    expect(res.body.data.token.split(".")).toHaveLength(3);
    expect(res.body.data.refresh_token).toMatch(/^rt_/);
    expect(res.body.data.user.id).toMatch(/^usr_/);
    expect(res.body.data.user).not.toHaveProperty("password_hash");
  });

  it("lists every field with its errors, [] for the ones that passed", async () => {
    const res = await h.call("POST", "/auth/register", { json: { name: "Al", email: "not-an-email", password: "longenough" } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: "Bad Request",
      data: {
        errors: { name: ["The name must be at least 3 characters."], email: ["The email must be a valid email address."], password: [] },
      },
    });
  });

  it("reports missing fields, too-long values and a short password", async () => {
    const missing = await h.call("POST", "/auth/register", { json: {} });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.data.errors).sort()).toEqual(["email", "name", "password"]);
    expect(missing.body.data.errors.name).toEqual(["The name field is required."]);

    const long = await h.call("POST", "/auth/register", {
      json: { name: "x".repeat(51), email: `${"a".repeat(251)}@b.io`, password: "short" },
    });
    expect(long.body.data.errors.name).toEqual(["The name may not be greater than 50 characters."]);
    expect(long.body.data.errors.email).toContain("The email may not be greater than 255 characters.");
    expect(long.body.data.errors.password).toEqual(["The password must be at least 8 characters."]);
  });

  it("refuses a taken email, whatever its case, with the seed's message", async () => {
    const user = await signUp(h);
    const res = await h.call("POST", "/auth/register", {
      json: { name: "Someone Else", email: user.email.toUpperCase(), password: "another-pass" },
    });
    expect(res.status).toBe(400);
    expect(res.body.data).toEqual({ errors: { name: [], email: ["The email should be unique."], password: [] } });
  });

  it("lets exactly one of two simultaneous sign-ups with one email through", async () => {
    const email = uniqueEmail("race");
    const answers = await Promise.all(
      [1, 2, 3].map(() => h.call("POST", "/auth/register", { json: { name: "Racer", email, password: "racing-pass" } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 400, 400]);
  });
});

describe("POST /auth/login", () => {
  it("signs in with the right password and any email case", async () => {
    const user = await signUp(h);
    const res = await h.call("POST", "/auth/login", { json: { email: user.email.toUpperCase(), password: user.password } });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe("Logged in");
    expect(res.body.data.user.id).toBe(user.userId);
    const profile = await h.call("GET", "/auth/profile", { token: res.body.data.token });
    expect(profile.body.data.user.email).toBe(user.email);
  });

  it("answers an unknown email and a wrong password identically (no enumeration)", async () => {
    const user = await signUp(h);
    const wrong = await h.call("POST", "/auth/login", { json: { email: user.email, password: "not-the-password" } });
    const unknown = await h.call("POST", "/auth/login", { json: { email: uniqueEmail("ghost"), password: "not-the-password" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ message: "Unauthorized", data: { reason: "Invalid email or password." } });
  });

  it("rehashes a password stored with weaker parameters on a successful login", async () => {
    const user = await signUp(h);
    await h.ports.db
      .update(users)
      .set({ passwordHash: await hashPassword(user.password, 10_000) })
      .where(eq(users.id, user.userId));
    expect((await h.call("POST", "/auth/login", { json: { email: user.email, password: user.password } })).status).toBe(200);
    const stored = (await findUserById(h.ports.db, user.userId))!.passwordHash;
    expect(parseHash(stored)?.iterations).toBe(100_000);
    expect((await h.call("POST", "/auth/login", { json: { email: user.email, password: user.password } })).status).toBe(200);
  });

  it("validates its input with every field listed", async () => {
    const res = await h.call("POST", "/auth/login", { json: { email: "nope" } });
    expect(res.status).toBe(400);
    expect(res.body.data).toEqual({
      errors: { email: ["The email must be a valid email address."], password: ["The password field is required."] },
    });
  });

  it("rate limits attempts per address and email with 429 and Retry-After", async () => {
    const limited = await edgeHarness({ LOGIN_RATE_LIMIT: "3", LOGIN_RATE_WINDOW_SECONDS: "60" });
    const user = await signUp(limited);
    const attempt = () => limited.call("POST", "/auth/login", { json: { email: user.email, password: "wrong-password" } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await limited.call("POST", "/auth/login", { json: { email: user.email, password: user.password } });
    expect(refused.status).toBe(429);
    expect(refused.body.message).toBe("Too Many Requests");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Another account from the same address is still allowed (the pair limit, not the address limit, fired).
    const other = await signUp(limited);
    expect((await limited.call("POST", "/auth/login", { json: { email: other.email, password: other.password } })).status).toBe(200);
  });
});

describe("refresh tokens", () => {
  it("rotates: a refresh gives a new working pair and spends the old refresh token", async () => {
    const user = await signUp(h);
    const first = await h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.data.refresh_token).not.toBe(user.refreshToken);
    expect((await h.call("GET", "/auth/profile", { token: first.body.data.token })).status).toBe(200);

    const second = await h.call("POST", "/auth/refresh", { json: { refresh_token: first.body.data.refresh_token } });
    expect(second.status).toBe(200);
  });

  it("detects reuse: replaying a spent token revokes the whole family and its access tokens", async () => {
    const user = await signUp(h);
    const rotated = await h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } });
    expect(rotated.status).toBe(200);
    // The holder goes on with the new token: from then on the old one is only a copy.
    const next = await h.call("POST", "/auth/refresh", { json: { refresh_token: rotated.body.data.refresh_token } });
    expect(next.status).toBe(200);

    const replay = await h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } });
    expect(replay.status).toBe(401);
    // The thief's replay killed the legitimate holder's newer tokens too.
    expect((await h.call("POST", "/auth/refresh", { json: { refresh_token: next.body.data.refresh_token } })).status).toBe(401);
    expect((await h.call("GET", "/auth/profile", { token: next.body.data.token })).status).toBe(401);
    expect((await h.call("GET", "/auth/profile", { token: user.token })).status).toBe(401);
    // Other sessions of the same user are untouched.
    const again = await h.call("POST", "/auth/login", { json: { email: user.email, password: user.password } });
    expect((await h.call("GET", "/auth/profile", { token: again.body.data.token })).status).toBe(200);
  });

  it("answers a token presented again right after its refresh (a reload lost the answer) with a fresh pair, once", async () => {
    const user = await signUp(h);
    const lost = await h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } });
    expect(lost.status).toBe(200);

    // The page never saw `lost`: it sends the token it had, and stays signed in.
    const retried = await h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } });
    expect(retried.status).toBe(200);
    expect(retried.body.data.refresh_token).not.toBe(lost.body.data.refresh_token);
    expect((await h.call("GET", "/auth/profile", { token: retried.body.data.token })).status).toBe(200);
    expect((await h.call("POST", "/auth/refresh", { json: { refresh_token: retried.body.data.refresh_token } })).status).toBe(200);
  });

  it("still revokes the family when the answer it was given again was not lost: its token turns up later", async () => {
    const user = await signUp(h);
    const first = await h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } });
    const copy = await h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } });
    expect([first.status, copy.status]).toEqual([200, 200]);
    // Whoever holds the first answer uses it: that token was spent by the repeat, so this is a reuse.
    expect((await h.call("POST", "/auth/refresh", { json: { refresh_token: first.body.data.refresh_token } })).status).toBe(401);
    expect((await h.call("POST", "/auth/refresh", { json: { refresh_token: copy.body.data.refresh_token } })).status).toBe(401);
    expect((await h.call("GET", "/auth/profile", { token: copy.body.data.token })).status).toBe(401);
  });

  it("treats a token presented again after the grace period as reuse", async () => {
    const strict = await edgeHarness({ REFRESH_REUSE_GRACE_SECONDS: "0" });
    const user = await signUp(strict);
    const rotated = await strict.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } });
    expect(rotated.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await strict.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } })).status).toBe(401);
    expect((await strict.call("POST", "/auth/refresh", { json: { refresh_token: rotated.body.data.refresh_token } })).status).toBe(401);
  });

  it("refuses unknown tokens and missing input", async () => {
    expect((await h.call("POST", "/auth/refresh", { json: { refresh_token: "rt_made-up" } })).status).toBe(401);
    const missing = await h.call("POST", "/auth/refresh", { json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.data).toEqual({ errors: { refresh_token: ["The refresh_token field is required."] } });
  });
});

describe("POST /auth/logout", () => {
  it("blacklists the access token until its expiry and revokes the session's refresh tokens", async () => {
    const user = await signUp(h);
    const res = await h.call("POST", "/auth/logout", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: "Logged out", data: {} });

    expect((await h.call("GET", "/auth/profile", { token: user.token })).status).toBe(401);
    expect((await h.call("POST", "/auth/logout", { token: user.token })).status).toBe(401);
    expect((await h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } })).status).toBe(401);

    const [, payload] = user.token.split(".");
    const { jti, exp } = JSON.parse(atob(payload!.replace(/-/g, "+").replace(/_/g, "/")));
    const ttl = await h.ports.redis.ttl(`token-blacklist:${jti}`);
    const remaining = exp - Math.floor(Date.now() / 1000);
    expect(ttl).toBeGreaterThan(0);
    expect(Math.abs(ttl - remaining)).toBeLessThanOrEqual(5);
  });

  it("needs a bearer token", async () => {
    expect((await h.call("POST", "/auth/logout")).status).toBe(401);
    expect((await h.call("POST", "/auth/logout", { headers: { authorization: "Basic dXNlcjpwYXNz" } })).status).toBe(401);
  });
});

describe("GET /auth/profile", () => {
  it("reads the user fresh from the database", async () => {
    const user = await signUp(h, "Before Rename");
    await h.call("PATCH", "/users/me", { token: user.token, json: { name: "After Rename" } });
    const res = await h.call("GET", "/auth/profile", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.data.user).toMatchObject({ id: user.userId, name: "After Rename", email: user.email });
  });
});

describe("GET /.well-known/jwks.json", () => {
  it("publishes the public verification keys and nothing private", async () => {
    const res = await h.call("GET", "/.well-known/jwks.json");
    expect(res.status).toBe(200);
    expect(res.body.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of res.body.keys) {
      expect(key).toMatchObject({ kty: "EC", alg: "ES256", use: "sig" });
      expect(key.kid).toBeTruthy();
      expect(key).not.toHaveProperty("d");
    }
  });
});
