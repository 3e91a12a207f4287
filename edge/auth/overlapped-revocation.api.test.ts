import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiTestBed } from "../../local/testing/api-test-bed.js";
import { insertVideo } from "../../local/testing/catalog-fixtures.js";
import { edgeHarness, signUp, type Harness } from "../../local/testing/edge-harness.js";
import { proxyUrl, type TcpProxy } from "../../local/testing/tcp-proxy.js";

/**
 * Reads run beside the revocation check (one round trip instead of two); these tests hold the guard to
 * what that must not change: a revoked token gets 401 and nothing of the data, a write waits for the check,
 * and a Redis that cannot answer is a 503 with Retry-After, never a pass.
 */
const bed = apiTestBed({ owner: "Overlap Owner" });

async function revokedOwnerToken(h: Harness): Promise<string> {
  const user = await signUp(h, "Revoked Reader");
  const out = await h.call("POST", "/auth/logout", { token: user.token });
  expect(out.status).toBe(200);
  return user.token;
}

describe("a revoked token on routes that read beside the check", () => {
  it("gets 401 without the data, whatever the read found", async () => {
    const { h } = bed;
    const user = await signUp(h, "Soon Revoked");
    const video = await insertVideo(h.ports.db, user.userId, { visibility: "private", title: "Secret title 7f3a" });
    bed.created.push(video.id);
    const before = await h.call("GET", `/videos/${video.id}`, { token: user.token });
    expect(before.status).toBe(200);
    expect(await h.call("POST", "/auth/logout", { token: user.token })).toMatchObject({ status: 200 });

    for (const path of [`/videos/${video.id}`, `/videos/${video.id}/playback`, "/users/me/videos", "/users/me", "/auth/profile"]) {
      const res = await h.call("GET", path, { token: user.token });
      expect(res.status, path).toBe(401);
      expect(JSON.stringify(res.body), path).not.toContain("Secret title 7f3a");
      expect(res.body.data, path).toEqual({});
    }
    // A read that would have been a 404 is still a 401: the caller learns nothing from the route.
    const missing = await h.call("GET", "/videos/vid_doesnotexist0000000000000000", { token: user.token });
    expect(missing.status).toBe(401);
  });

  it("writes nothing when a completion read beside the check finds the caller revoked", async () => {
    const { h } = bed;
    const user = await signUp(h, "Revoked Uploader");
    const created = await h.call("POST", "/uploads", {
      token: user.token,
      json: { title: "Never queued", filename: "a.mp4", content_type: "video/mp4", size_bytes: 4, visibility: "private" },
    });
    expect(created.status).toBe(201);
    const { id } = created.body.data.video;
    bed.created.push(id);
    const put = await fetch(created.body.data.upload.url, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: "abcd" });
    expect(put.status).toBe(200);
    expect(await h.call("POST", "/auth/logout", { token: user.token })).toMatchObject({ status: 200 });

    const complete = await h.call("POST", `/uploads/${id}/complete`, { token: user.token });
    expect(complete.status).toBe(401);
    const fresh = await h.call("POST", "/auth/login", { json: { email: user.email, password: user.password } });
    const mine = await h.call("GET", "/users/me/videos", { token: fresh.body.data.token });
    expect(mine.body.data.videos.find((v: { id: string }) => v.id === id)).toMatchObject({ status: "awaiting_upload" });
  });

  it("refuses a revoked token on a write before the route runs", async () => {
    const token = await revokedOwnerToken(bed.h);
    const res = await bed.h.call("POST", "/uploads", {
      token,
      json: { title: "x", filename: "a.mp4", content_type: "text/plain", size_bytes: 4, visibility: "private" },
    });
    // Without the check first this body would be a 400; the guard answers before validation runs.
    expect(res.status).toBe(401);
  });
});

describe("reads beside a revocation store that cannot answer", () => {
  let redis: TcpProxy & { url: string };
  let h: Harness;
  beforeAll(async () => {
    redis = await proxyUrl(inject("stackEnv").UPSTASH_REDIS_REST_URL!);
    h = await edgeHarness({ UPSTASH_REDIS_REST_URL: redis.url });
  });
  afterAll(() => redis.close());

  it("answer 503 with Retry-After and no data, though the database answered", async () => {
    const video = await insertVideo(h.ports.db, bed.user.owner.userId, { title: "Held back 9c1d" });
    bed.created.push(video.id);
    await redis.cut();
    try {
      for (const path of [`/videos/${video.id}`, "/users/me/videos"]) {
        const res = await h.call("GET", path, { token: bed.user.owner.token });
        expect(res.status, path).toBe(503);
        expect(res.headers.get("retry-after"), path).toBeTruthy();
        expect(JSON.stringify(res.body), path).not.toContain("Held back 9c1d");
      }
    } finally {
      await redis.restore();
    }
    expect((await h.call("GET", `/videos/${video.id}`, { token: bed.user.owner.token })).status).toBe(200);
  });
});
