/**
 * A short-lived store shared by every caller of one edge location (the Workers Cache API; an in-memory LRU
 * on Node, Bun and Deno). It only ever holds data that is the same for everyone: never a signature, never
 * an answer that depends on who asks. `read-through.ts` decides what goes in and for how long.
 */
export interface CachedEntry<T> {
  value: T;
  /** Epoch milliseconds when the read of the value from its source started: the data is at least this old. */
  storedAt: number;
}

export interface ResponseCache {
  /**
   * True for a store in this process (Node, Bun, Deno): a request may then wait for the database read another
   * request started for the same key. Never on Workers, where waiting on another request's I/O can hang.
   */
  readonly joinsReads: boolean;
  get<T>(key: string): Promise<CachedEntry<T> | undefined>;
  /** Kept at most `keepSeconds`; after that `get` answers undefined. */
  put(key: string, entry: CachedEntry<unknown>, keepSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}
