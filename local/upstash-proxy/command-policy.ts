/**
 * What the proxy refuses to forward. It is a dev/test stand-in, but it fails closed: anything that
 * administers the server, changes the state of the shared Redis connection, turns the connection
 * into a subscriber, or could block forever is answered with an error instead.
 */

const REFUSED = new Map<string, string>([
  ...named(
    "server administration",
    ["FLUSHALL", "FLUSHDB", "SWAPDB", "SHUTDOWN", "CONFIG", "DEBUG", "MONITOR", "SAVE", "BGSAVE", "BGREWRITEAOF"],
    ["REPLICAOF", "SLAVEOF", "SYNC", "PSYNC", "REPLCONF", "FAILOVER", "CLUSTER", "MODULE", "ACL", "LATENCY"],
    ["SLOWLOG", "MIGRATE", "RESTORE", "RESTORE-ASKING", "PFDEBUG", "PFSELFTEST"],
  ),
  ...named(
    "it would change the state of the shared Redis connection (use /multi-exec for transactions)",
    ["SELECT", "AUTH", "HELLO", "CLIENT", "RESET", "QUIT", "READONLY", "READWRITE", "ASKING"],
    ["WATCH", "UNWATCH", "MULTI", "EXEC", "DISCARD"],
  ),
  ...named("subscriptions are not proxied", ["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE"]),
]);

/** Container commands whose other subcommands administer the server (SCRIPT FLUSH, FUNCTION DELETE, ...). */
const ALLOWED_SUBCOMMANDS = new Map<string, ReadonlySet<string>>([
  ["SCRIPT", new Set(["LOAD", "EXISTS"])],
  ["FUNCTION", new Set(["LOAD", "LIST", "STATS", "DUMP"])],
  ["MEMORY", new Set(["USAGE"])],
]);

type TimeoutArg = (args: readonly string[]) => string | undefined;

const last: TimeoutArg = (args) => args[args.length - 1];
const at =
  (index: number): TimeoutArg =>
  (args) =>
    args[index];
// XREAD's BLOCK option sits before STREAMS; XREADGROUP's options start after GROUP <group> <consumer>.
const blockOption =
  (firstOption: number): TimeoutArg =>
  (args) => {
    for (let i = firstOption; i < args.length - 1; i++) {
      const word = args[i]?.toUpperCase();
      if (word === "STREAMS") return undefined;
      if (word === "BLOCK") return args[i + 1];
    }
    return undefined;
  };

/** Blocking commands: where their timeout is and its unit in milliseconds. */
const BLOCKING = new Map<string, { timeout: TimeoutArg; unitMs: number }>([
  ["BLPOP", { timeout: last, unitMs: 1000 }],
  ["BRPOP", { timeout: last, unitMs: 1000 }],
  ["BRPOPLPUSH", { timeout: last, unitMs: 1000 }],
  ["BLMOVE", { timeout: last, unitMs: 1000 }],
  ["BZPOPMIN", { timeout: last, unitMs: 1000 }],
  ["BZPOPMAX", { timeout: last, unitMs: 1000 }],
  ["BLMPOP", { timeout: at(1), unitMs: 1000 }],
  ["BZMPOP", { timeout: at(1), unitMs: 1000 }],
  ["WAIT", { timeout: at(2), unitMs: 1 }],
  ["WAITAOF", { timeout: at(3), unitMs: 1 }],
  ["XREAD", { timeout: blockOption(1), unitMs: 1 }],
  ["XREADGROUP", { timeout: blockOption(4), unitMs: 1 }],
]);

/** The error to answer instead of running the command, or undefined when it may run. */
export function refusalReason(args: readonly string[]): string | undefined {
  const name = (args[0] ?? "").toUpperCase();
  const reason = REFUSED.get(name) ?? subcommandReason(name, args[1]) ?? timeoutReason(name, args);
  return reason === undefined ? undefined : `ERR ${name} is refused by the local Upstash proxy: ${reason}`;
}

/** Whether the command may wait on the server, so it must not run on the shared connection. */
export function isBlocking(args: readonly string[]): boolean {
  const blocking = BLOCKING.get((args[0] ?? "").toUpperCase());
  return blocking !== undefined && blocking.timeout(args) !== undefined;
}

function subcommandReason(name: string, subcommand: string | undefined): string | undefined {
  const allowed = ALLOWED_SUBCOMMANDS.get(name);
  if (!allowed || allowed.has((subcommand ?? "").toUpperCase())) return undefined;
  return `only ${[...allowed].join(", ")} subcommands are allowed`;
}

function timeoutReason(name: string, args: readonly string[]): string | undefined {
  const blocking = BLOCKING.get(name);
  const timeout = blocking?.timeout(args);
  if (!blocking || timeout === undefined) return undefined;
  const ms = Number(timeout) * blocking.unitMs;
  // Redis treats 0 as "forever" and may round a sub-millisecond timeout down to it; a malformed
  // timeout (NaN) is left for Redis to reject.
  return ms < 1 ? "a blocking command needs a timeout of at least 1 ms (0 blocks forever)" : undefined;
}

function named(reason: string, ...groups: string[][]): [string, string][] {
  return groups.flat().map((name) => [name, reason]);
}
