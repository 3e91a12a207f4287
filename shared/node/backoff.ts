/** Retry delays by attempt, the first retry's first; past the end, the last delay repeats. */
export type BackoffPolicy = readonly number[];

/** Doubling from `baseMs` up to `maxMs`: for what is usually back within seconds (a restart, a failover). */
export function doublingBackoff(baseMs: number, maxMs: number): BackoffPolicy {
  const delays = [Math.min(baseMs, maxMs)];
  while (delays[delays.length - 1]! < maxMs) delays.push(Math.min(maxMs, delays[delays.length - 1]! * 2));
  return delays;
}

export const DEFAULT_RETRY_BACKOFF: BackoffPolicy = doublingBackoff(1_000, 30_000);

// Up to 20 % later, so work that failed together in one outage does not all come back in the same second.
const JITTER = 0.2;

/** The delay before the `attempt`-th retry (1-based; below 1 counts as 1). */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = policy[Math.min(Math.max(attempt, 1), policy.length) - 1] ?? 0;
  return Math.round(base * (1 + random() * JITTER));
}
