import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import { rateLimited, unavailable } from "../../shared/errors.js";

export interface RateLimits {
  attempts: number;
  windowSeconds: number;
}

/**
 * A sliding-window limiter on Redis. `timeout: 0` because the library's timeout lets requests through when
 * Redis is slow; we fail closed instead.
 */
export const slidingLimiter = (redis: Redis, prefix: string, attempts: number, windowSeconds: number) =>
  new Ratelimit({
    redis,
    timeout: 0,
    ephemeralCache: false,
    analytics: false,
    prefix,
    limiter: Ratelimit.slidingWindow(attempts, `${windowSeconds} s`),
  });

/** Counts one attempt against each limiter and key; 429 with Retry-After if any refuses, 503 if Redis cannot say. */
export async function spendAttempt(checks: [Ratelimit, string][], why: string, now: Date): Promise<void> {
  let results;
  try {
    results = await Promise.all(checks.map(([limiter, key]) => limiter.limit(key)));
  } catch (error) {
    throw unavailable(why, error);
  }
  const refused = results.filter((r) => !r.success);
  if (refused.length === 0) return;
  const reset = Math.max(...refused.map((r) => r.reset));
  throw rateLimited(Math.max(1, Math.ceil((reset - now.getTime()) / 1000)));
}
