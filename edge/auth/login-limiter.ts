import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import { rateLimited, unavailable } from "../../shared/errors.js";

export interface LoginLimits {
  attempts: number;
  windowSeconds: number;
}

/**
 * Two sliding windows: one per address and email (guessing one account), and a wider one per
 * address alone (spraying many accounts). `timeout: 0` because the library's timeout lets requests
 * through when Redis is slow; we fail closed instead.
 */
const limiters = new WeakMap<Redis, { pair: Ratelimit; address: Ratelimit }>();

function limitersFor(redis: Redis, limits: LoginLimits) {
  let found = limiters.get(redis);
  if (!found) {
    const window = `${limits.windowSeconds} s` as const;
    const common = { redis, timeout: 0, ephemeralCache: false as const, analytics: false };
    found = {
      pair: new Ratelimit({ ...common, prefix: "ratelimit:login:pair", limiter: Ratelimit.slidingWindow(limits.attempts, window) }),
      address: new Ratelimit({ ...common, prefix: "ratelimit:login:addr", limiter: Ratelimit.slidingWindow(limits.attempts * 5, window) }),
    };
    limiters.set(redis, found);
  }
  return found;
}

export async function checkLoginRate(redis: Redis, limits: LoginLimits, address: string, email: string, now: Date): Promise<void> {
  const { pair, address: perAddress } = limitersFor(redis, limits);
  let results;
  try {
    results = await Promise.all([pair.limit(`${address}|${email}`), perAddress.limit(address)]);
  } catch (error) {
    throw unavailable("Sign-in is unavailable right now.", error);
  }
  const refused = results.filter((r) => !r.success);
  if (refused.length === 0) return;
  const reset = Math.max(...refused.map((r) => r.reset));
  throw rateLimited(Math.max(1, Math.ceil((reset - now.getTime()) / 1000)));
}
