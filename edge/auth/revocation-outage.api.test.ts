import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { edgeHarness, signUp, type Harness } from "../../local/testing/edge-harness.js";
import { proxyUrl, type TcpProxy } from "../../local/testing/tcp-proxy.js";

let redis: TcpProxy & { url: string };
let h: Harness;
beforeAll(async () => {
  redis = await proxyUrl(inject("stackEnv").UPSTASH_REDIS_REST_URL!);
  h = await edgeHarness({ UPSTASH_REDIS_REST_URL: redis.url });
});
afterAll(() => redis.close());

describe("refresh-token reuse while Redis is down", () => {
  it("still ends the session's access tokens once Redis is back and the stolen token is tried again", async () => {
    const user = await signUp(h);
    const rotated = await h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } });
    expect(rotated.status).toBe(200);
    await h.call("POST", "/auth/refresh", { json: { refresh_token: rotated.body.data.refresh_token } });

    await redis.cut();
    try {
      // The reuse revokes the session in Postgres, but its Redis marker cannot be written.
      const replay = await h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } });
      expect(replay.status).toBe(503);
    } finally {
      await redis.restore();
    }

    const again = await h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } });
    expect(again.status).toBe(401);
    expect((await h.call("GET", "/auth/profile", { token: user.token })).status).toBe(401);
    expect((await h.call("GET", "/auth/profile", { token: rotated.body.data.token })).status).toBe(401);
  });
});
