import type { NeonQueryFunction } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-http";
import type { Db, EdgePorts } from "./edge-ports.js";
import type { ObjectStorage } from "./object-storage.js";

/**
 * Ports for a handler that runs before its caller is known not to be revoked (reads overlapped with the
 * revocation check): everything reads as usual, but nothing can be written, to Neon (and so to the outbox,
 * which is written in the same statements) or to object storage, until `check` has resolved; if it rejects,
 * the write rejects with it and never leaves. The guard hands these to the route, so a handler that forgets
 * to wait cannot write for a revoked token: there is no write path that does not wait.
 */
export function holdWrites(ports: EdgePorts, check: Promise<void>): EdgePorts {
  return { ...ports, db: holdDbWrites(ports.db, check), storage: holdStorageWrites(ports.storage, check) };
}

/** The database handle behind a held one: reads need no holding, so a statement prepared once can serve both. */
export function readHandle(db: Db): Db {
  return sharedOf.get(db) ?? db;
}

const sharedOf = new WeakMap<Db, Db>();

/**
 * The builders that can only read go to the shared handle untouched (and cost nothing per request). All else
 * (insert, update, delete, execute, batch, with, and whatever drizzle adds) goes to a handle of this request's
 * own whose Neon client sends a statement at once only if it can be seen to change nothing.
 */
const READ_BUILDERS = new Set<PropertyKey>(["select", "selectDistinct", "selectDistinctOn", "query", "$count"]);

function holdDbWrites(db: Db, check: Promise<void>): Db {
  let held: Db | undefined;
  // Without the schema: only `query` (relational reads, above) needs it, and reading it costs ~0.4 ms of CPU per
  // handle, ~100 times the handle itself.
  const heldDb = () => (held ??= drizzle({ client: holdingClient((db as Db & { $client: NeonClient }).$client, check) }) as unknown as Db);
  const proxy = new Proxy(db, {
    get(target, prop) {
      const from = READ_BUILDERS.has(prop) ? target : heldDb();
      const value: unknown = Reflect.get(from, prop, from);
      return typeof value === "function" ? value.bind(from) : value;
    },
  });
  sharedOf.set(proxy, db);
  return proxy;
}

// What `drizzle({ client })` was given (createPorts gives `neon()`), which drizzle keeps as `$client`.
type NeonClient = NeonQueryFunction<boolean, boolean>;
type NeonQuery = ReturnType<NeonClient["query"]>;

/** A statement that may write: sent when awaited, and only after the check (a batch holding one waits too). */
class HeldStatement implements PromiseLike<unknown> {
  constructor(
    readonly query: NeonQuery,
    private readonly check: Promise<void>,
  ) {}
  then<A = unknown, B = never>(
    onSent?: ((value: unknown) => A | PromiseLike<A>) | null,
    onFailed?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ) {
    return this.check.then(() => this.query).then(onSent, onFailed);
  }
}

/**
 * Which statements go at once. The SQL text is drizzle's (values travel as parameters), so a keyword here is a
 * keyword there: a SELECT or WITH naming no data-changing command or sequence function. A statement wrongly
 * held only waits for the check; none that writes is let through.
 */
const READ_START = /^\s*\(?\s*(select|with)\b/i;
const CHANGES_DATA =
  /\b(insert|update|delete|merge|truncate|copy|call|do|lock|create|alter|drop|grant|revoke|refresh|vacuum|notify|nextval|setval|pg_notify|set_config)\b/i;

export const changesNothing = (text: string) => READ_START.test(text) && !CHANGES_DATA.test(text);

function holdingClient(client: NeonClient, check: Promise<void>): NeonClient {
  const query = (text: string, params?: unknown[], opts?: Parameters<NeonClient["query"]>[2]) => {
    // Built, not sent: a Neon query goes out when awaited or in a transaction.
    const statement = client.query(text, params, opts);
    return changesNothing(text) ? statement : new HeldStatement(statement, check);
  };
  const transaction = async (queries: (NeonQuery | HeldStatement)[], opts?: Parameters<NeonClient["transaction"]>[1]) => {
    if (queries.some((q) => q instanceof HeldStatement)) await check;
    return client.transaction(
      queries.map((q) => (q instanceof HeldStatement ? q.query : q)),
      opts,
    );
  };
  // drizzle's neon-http session uses only `query` and `transaction`.
  return Object.assign(
    () => {
      throw new Error("A held Neon client is called through drizzle only");
    },
    { query, transaction },
  ) as unknown as NeonClient;
}

/** Signing and reading go at once; what changes the bucket waits for the check. */
function holdStorageWrites(storage: ObjectStorage, check: Promise<void>): ObjectStorage {
  const after =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await check;
      return write(...args);
    };
  return {
    presignPut: (key, opts) => storage.presignPut(key, opts),
    presignPart: (key, uploadId, part, ttl) => storage.presignPart(key, uploadId, part, ttl),
    head: (key) => storage.head(key),
    getText: (key) => storage.getText(key),
    createMultipart: after((key, type) => storage.createMultipart(key, type)),
    completeMultipart: after((key, uploadId, parts) => storage.completeMultipart(key, uploadId, parts)),
    abortMultipart: after((key, uploadId) => storage.abortMultipart(key, uploadId)),
    deleteObject: after((key) => storage.deleteObject(key)),
    putText: after((key, body, opts) => storage.putText(key, body, opts)),
  };
}
