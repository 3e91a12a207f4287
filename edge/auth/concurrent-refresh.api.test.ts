import { beforeAll, describe, expect, it } from "vitest";
import { edgeHarness, signUp, type Harness } from "../../local/testing/edge-harness.js";

let h: Harness;
beforeAll(async () => {
  h = await edgeHarness();
});

const ROUNDS = 20;

describe("two simultaneous refreshes of one token (two tabs, a retried request)", () => {
  it("both succeed and the user stays signed in, round after round", async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const user = await signUp(h);
      const pair = await Promise.all([1, 2].map(() => h.call("POST", "/auth/refresh", { json: { refresh_token: user.refreshToken } })));
      const profiles = await Promise.all(pair.map((res) => h.call("GET", "/auth/profile", { token: res.body.data?.token })));
      outcomes.push([...pair, ...profiles].map((res) => res.status).join(","));
    }
    expect(outcomes).toEqual(Array(ROUNDS).fill("200,200,200,200"));
  });
});
