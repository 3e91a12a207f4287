/**
 * Redelivery delays for transient failures, by attempt: storage or NATS outages usually last seconds
 * to minutes, so the schedule reaches minutes quickly and then stays there.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5_000, 20_000, 60_000, 180_000];

// Up to 20 % later, so jobs that failed together in one outage do not all come back in the same second.
const JITTER = 0.2;

/** The delay before the next delivery after the `deliveryCount`-th one failed (1-based). */
export function retryDelayMs(deliveryCount: number, delays: readonly number[], random: () => number = Math.random): number {
  const base = delays[Math.min(Math.max(deliveryCount, 1), delays.length) - 1] ?? 0;
  return Math.round(base * (1 + random() * JITTER));
}
