export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000 };

/**
 * Delay before the `attempt`-th retry (1-based): doubling from `baseMs`, capped at `maxMs`, with the
 * upper half jittered so relays that failed together during an outage do not retry in lockstep.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = policy.baseMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxMs, exponential);
  return Math.round(capped / 2 + (random() * capped) / 2);
}
