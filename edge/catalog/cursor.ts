import { isResourceId } from "../../shared/contracts/ids.js";

// What Postgres and an ISO-8601 string both hold: a cursor outside it names no position, and Postgres
// would refuse the comparison.
const EARLIEST = Date.parse("0001-01-01T00:00:00Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * Keyset cursors: the (timestamp, id) of the last item seen, opaque to clients. New videos sort
 * before any cursor taken earlier, so paging never repeats or skips an item while videos arrive.
 */
export interface Cursor {
  at: Date;
  id: string;
}

const toB64Url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromB64Url = (s: string) => atob(s.replace(/-/g, "+").replace(/_/g, "/"));

export const encodeCursor = (c: Cursor): string => toB64Url(JSON.stringify([c.at.toISOString(), c.id]));

export function decodeCursor(text: string): Cursor | null {
  try {
    const parsed: unknown = JSON.parse(fromB64Url(text));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [at, id] = parsed as unknown[];
    if (typeof at !== "string" || typeof id !== "string" || !isResourceId(id)) return null;
    const time = Date.parse(at);
    if (!(time >= EARLIEST && time <= LATEST)) return null;
    return { at: new Date(time), id };
  } catch {
    return null;
  }
}
