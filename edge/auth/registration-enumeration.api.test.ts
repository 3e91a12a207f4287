import { beforeAll, describe, expect, it } from "vitest";
import { edgeHarness, signUp, uniqueEmail, type Harness } from "../../local/testing/edge-harness.js";

/**
 * Registration must not be a fast oracle for "has this email an account?". The answers still differ (201
 * with a token pair against 400 "taken": the seed's clients sign in by registering); their timing and
 * their rate do not give more away.
 */
let h: Harness;
beforeAll(async () => {
  h = await edgeHarness();
});

const register = (target: Harness, email: string) =>
  target.call("POST", "/auth/register", { json: { name: "Probe Person", email, password: "probe-password" } });

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("POST /auth/register against account enumeration", () => {
  it("takes as long for a taken email as for a free one: the password is hashed either way", async () => {
    const taken = (await signUp(h)).email;
    const free: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 5; i++) {
      free.push(await timed(() => register(h, uniqueEmail("free"))));
      known.push(await timed(() => register(h, taken)));
    }
    // A free email also starts a session; a taken one skipping the hash was 20 times faster.
    expect(median(known)).toBeGreaterThan(median(free) * 0.5);
  });

  it("is limited per address, taken emails included, with 429, Retry-After and the envelope", async () => {
    const limited = await edgeHarness({ REGISTER_RATE_LIMIT: "3", REGISTER_RATE_WINDOW_SECONDS: "60" });
    const taken = (await signUp(limited)).email;
    const statuses = [(await register(limited, taken)).status, (await register(limited, uniqueEmail("probe"))).status];
    const refused = await register(limited, uniqueEmail("probe"));
    expect([...statuses, refused.status]).toEqual([400, 201, 429]);
    expect(refused.body).toEqual({ message: "Too Many Requests", data: {} });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another address is not affected.
    expect((await register(await edgeHarness({ REGISTER_RATE_LIMIT: "3" }), uniqueEmail("other"))).status).toBe(201);
  });
});
