// SQLSTATE classes a retry cannot fix: the statement itself is wrong for this data
// (22: data exception, e.g. a number out of range; 23: integrity constraint violation).
const PERMANENT_CLASSES = new Set(["22", "23"]);

/**
 * True when the database refused this statement for good; anything else (no connection, a
 * restart, a timeout, a database that does not exist yet) may pass on a later delivery.
 */
export function isPermanentDbError(err: unknown): boolean {
  const code = typeof err === "object" && err !== null && "code" in err ? err.code : undefined;
  return typeof code === "string" && code.length === 5 && PERMANENT_CLASSES.has(code.slice(0, 2));
}
