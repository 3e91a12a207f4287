import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEdge, type RunningEdge } from "../local/testing/edge-runtimes.js";

/** Under `wrangler dev` nothing but the client sets CF-Connecting-IP, so it must not pick the rate-limit bucket. */
const LOGIN_RATE_LIMIT = 2;
// The address every caller of this wrangler dev counts as: one of its own, so the logins other tests made from
// 127.0.0.1 in the same minute (the per-address limit) do not count here.
const LOCAL_CLIENT_ADDRESS = `203.0.113.${1 + Math.floor(Math.random() * 254)}`;

let edge: RunningEdge;
beforeAll(async () => {
  edge = await startEdge("workerd", { ...inject("stackEnv"), LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT), LOCAL_CLIENT_ADDRESS });
}, 120_000);
afterAll(() => edge?.stop());

describe("the caller's address under wrangler dev", () => {
  it("is not taken from a CF-Connecting-IP the client made up: a new one per request buys no more tries", async () => {
    const email = `spoof-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_RATE_LIMIT; i++) {
      const res = await fetch(`${edge.url}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": `198.51.100.${i + 1}` },
        body: JSON.stringify({ email, password: "not the password" }),
      });
      await res.body?.cancel();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });
});
