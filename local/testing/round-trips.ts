import type { ObjectStorage } from "../../edge/ports/index.js";

export type Upstream = "neon" | "upstash" | "s3";

export interface UpstreamCall {
  upstream: Upstream;
  /** What was asked, for a failing test's message: the HTTP path, or the storage method. */
  what: string;
  startedAt: number;
  endedAt: number;
}

export interface RoundTrips {
  calls: UpstreamCall[];
  /**
   * The longest chain of calls in which each started only after the previous one had answered: what a
   * client far from the region waits for, one distance per link. Calls in flight together count once.
   */
  depth: number;
}

/**
 * Records every call the edge makes to Neon and Upstash (their drivers use `fetch`: calls to the given base
 * URLs are timed as they pass) and to object storage (through the storage port, which the AWS SDK serves
 * over node:http; presigning is local and not a call). The calls still go to the real services.
 */
export class RoundTripRecorder {
  readonly #bases: [string, Upstream][];
  readonly #originalFetch = globalThis.fetch;
  #calls: UpstreamCall[] = [];

  constructor(bases: { neon: string; upstash: string }) {
    this.#bases = [
      [bases.neon, "neon"],
      [bases.upstash, "upstash"],
    ];
  }

  /** Starts timing the edge's fetches; `uninstall` puts the original `fetch` back. */
  install(): void {
    const original = this.#originalFetch;
    globalThis.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      const upstream = this.#bases.find(([base]) => url.startsWith(base))?.[1];
      if (!upstream) return original(input, init);
      return this.#timed(upstream, new URL(url).pathname, () => original(input, init));
    };
  }

  uninstall(): void {
    globalThis.fetch = this.#originalFetch;
  }

  /** The same storage, with every call but presigning recorded. */
  storage(inner: ObjectStorage): ObjectStorage {
    const timed = Object.fromEntries(
      Object.entries(inner).map(([name, method]) => {
        if (typeof method !== "function" || name.startsWith("presign")) return [name, method];
        return [name, (...args: unknown[]) => this.#timed("s3", name, () => (method as (...a: unknown[]) => Promise<unknown>)(...args))];
      }),
    );
    return timed as unknown as ObjectStorage;
  }

  /** The calls of everything `run` does, and their sequential depth. */
  async measure<T>(run: () => Promise<T>): Promise<{ result: T; trips: RoundTrips }> {
    this.#calls = [];
    const result = await run();
    const calls = this.#calls;
    this.#calls = [];
    return { result, trips: { calls, depth: sequentialDepth(calls) } };
  }

  async #timed<T>(upstream: Upstream, what: string, call: () => Promise<T>): Promise<T> {
    const record: UpstreamCall = { upstream, what, startedAt: performance.now(), endedAt: Number.POSITIVE_INFINITY };
    this.#calls.push(record);
    try {
      return await call();
    } finally {
      record.endedAt = performance.now();
    }
  }
}

/** Longest chain of calls each of which started after the one before it had ended. */
export function sequentialDepth(calls: readonly UpstreamCall[]): number {
  const byStart = [...calls].sort((a, b) => a.startedAt - b.startedAt);
  const depth: number[] = [];
  byStart.forEach((call, i) => {
    let before = 0;
    for (let k = 0; k < i; k++) if (byStart[k]!.endedAt <= call.startedAt) before = Math.max(before, depth[k]!);
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}

/** One line per call, for a failing budget's message: `+0 ms upstash /pipeline (5 ms)`. */
export function describeCalls(calls: readonly UpstreamCall[]): string {
  const t0 = Math.min(...calls.map((c) => c.startedAt));
  return calls
    .map((c) => `+${(c.startedAt - t0).toFixed(0)} ms ${c.upstream} ${c.what} (${(c.endedAt - c.startedAt).toFixed(0)} ms)`)
    .join("\n");
}
