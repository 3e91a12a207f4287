import type { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import { slidingLimiter, spendAttempt, type RateLimits } from "./rate-limits.js";

/**
 * Sign-ups per address: every attempt counts, taken email or not, so registration cannot be used to test
 * a list of emails for accounts faster than this.
 */
const limiters = new WeakMap<Redis, Ratelimit>();

export function checkRegistrationRate(redis: Redis, limits: RateLimits, address: string, now: Date): Promise<void> {
  let limiter = limiters.get(redis);
  if (!limiter) limiters.set(redis, (limiter = slidingLimiter(redis, "ratelimit:register:addr", limits.attempts, limits.windowSeconds)));
  return spendAttempt([[limiter, address]], "Registration is unavailable right now.", now);
}
