import type { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import { slidingLimiter, spendAttempt, type RateLimits } from "./rate-limits.js";

/**
 * Two sliding windows: one per address and email (guessing one account), and a wider one per
 * address alone (spraying many accounts).
 */
const limiters = new WeakMap<Redis, { pair: Ratelimit; address: Ratelimit }>();

function limitersFor(redis: Redis, limits: RateLimits) {
  let found = limiters.get(redis);
  if (!found) {
    found = {
      pair: slidingLimiter(redis, "ratelimit:login:pair", limits.attempts, limits.windowSeconds),
      address: slidingLimiter(redis, "ratelimit:login:addr", limits.attempts * 5, limits.windowSeconds),
    };
    limiters.set(redis, found);
  }
  return found;
}

export function checkLoginRate(redis: Redis, limits: RateLimits, address: string, email: string, now: Date): Promise<void> {
  const { pair, address: perAddress } = limitersFor(redis, limits);
  return spendAttempt(
    [
      [pair, `${address}|${email}`],
      [perAddress, address],
    ],
    "Sign-in is unavailable right now.",
    now,
  );
}
