import { setTimeout as sleep } from "node:timers/promises";
import { retryDelayMs, type BackoffPolicy } from "../../shared/node/backoff.js";

// One delay per retry: three attempts in all.
const PUT_RETRY_BACKOFF: BackoffPolicy = [250, 500];

/**
 * Runs one PUT up to three times with a short backoff. The SDK cannot retry a request whose body is a
 * stream ("non-retryable streaming request"), so each attempt builds its request, and body, afresh.
 */
export async function withPutRetries<T>(put: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await put();
    } catch (err) {
      if (attempt > PUT_RETRY_BACKOFF.length || signal?.aborted) throw err;
      await sleep(retryDelayMs(attempt, PUT_RETRY_BACKOFF), undefined, { signal });
    }
  }
}
