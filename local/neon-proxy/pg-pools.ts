import { Pool, type Client, type PoolClient } from "pg";
import { isDatabaseError } from "./pg-error.js";
import type { PgTarget } from "./connection-string.js";

const POOL_OPTIONS = { max: 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 };

// pg 8.23 tracks the ReadyForQuery status, but @types/pg 8.20 does not declare the accessor yet.
type TransactionStatus = "I" | "T" | "E" | null;
type StatusAwareClient = PoolClient & { getTransactionStatus(): TransactionStatus };
// Pool clients are full pg Clients at runtime; the PoolClient type merely omits end().
type EndableClient = PoolClient & Pick<Client, "end">;

export class ProxyClosedError extends Error {
  constructor() {
    super("neon-proxy is shutting down");
  }
}

/** One small pg pool per connection string, plus the bookkeeping to shut them all down quickly. */
export class PgPools {
  readonly #pools = new Map<string, Pool>();
  readonly #checkedOut = new Set<PoolClient>();
  #closed = false;

  /**
   * Lends a client to `use`. The connection is discarded instead of reused when it is left
   * inside a transaction (e.g. a lone `BEGIN` over HTTP) or failed for a non-SQL reason, so no
   * request ever inherits another request's half-finished state.
   */
  async withClient<T>(target: PgTarget, use: (client: PoolClient) => Promise<T>): Promise<T> {
    if (this.#closed) throw new ProxyClosedError();
    const client = await this.#poolFor(target).connect();
    this.#checkedOut.add(client);
    let discard = true;
    try {
      const result = await use(client);
      discard = !isIdle(client);
      return result;
    } catch (err) {
      discard = !isDatabaseError(err) || !isIdle(client);
      throw err;
    } finally {
      this.#checkedOut.delete(client);
      client.release(discard);
    }
  }

  /** Ends every connection, aborting queries still running so shutdown does not wait on them. */
  async close(): Promise<void> {
    this.#closed = true;
    // end() on a busy client destroys its socket; the pending query then fails and is released.
    const aborted = [...this.#checkedOut].map((client) => (client as EndableClient).end().catch(() => undefined));
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all([...aborted, ...pools.map((pool) => pool.end())]);
  }

  #poolFor(target: PgTarget): Pool {
    let pool = this.#pools.get(target.poolKey);
    if (!pool) {
      pool = new Pool({ ...target.config, ...POOL_OPTIONS });
      // Idle clients can fail (e.g. Postgres restarts); without a listener that would crash the process.
      pool.on("error", (err) => console.warn(`neon-proxy: idle Postgres connection failed: ${err.message}`));
      this.#pools.set(target.poolKey, pool);
    }
    return pool;
  }
}

function isIdle(client: PoolClient): boolean {
  return (client as StatusAwareClient).getTransactionStatus() === "I";
}
