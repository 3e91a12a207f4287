import { setTimeout as sleep } from "node:timers/promises";

const PUT_ATTEMPTS = 3;
const PUT_RETRY_BASE_MS = 250;

/**
 * Runs one PUT up to three times with a short backoff. The SDK cannot retry a request whose body is a
 * stream ("non-retryable streaming request"), so each attempt builds its request, and body, afresh.
 */
export async function withPutRetries<T>(put: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await put();
    } catch (err) {
      if (attempt >= PUT_ATTEMPTS || signal?.aborted) throw err;
      await sleep(PUT_RETRY_BASE_MS * 2 ** (attempt - 1), undefined, { signal });
    }
  }
}
