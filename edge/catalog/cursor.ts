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

/**
 * A search result's position: its rank first (best first), then the list's (timestamp, id) among equal
 * ranks. The rank is Postgres's float8 as JSON carries it: both print the shortest text that reads back as
 * the same double, so the comparison on the next page is exact.
 */
export interface RankedCursor extends Cursor {
  rank: number;
}

// ts_rank over weights of at most 1 stays far below this; anything above names no position.
const MAX_RANK = 1e6;

export const encodeCursor = (c: Cursor): string => toB64Url(JSON.stringify([c.at.toISOString(), c.id]));

export const encodeRankedCursor = (c: RankedCursor): string => toB64Url(JSON.stringify([c.rank, c.at.toISOString(), c.id]));

function parseArray(text: string, length: number): unknown[] | null {
  try {
    const parsed: unknown = JSON.parse(fromB64Url(text));
    return Array.isArray(parsed) && parsed.length === length ? parsed : null;
  } catch {
    return null;
  }
}

function position(at: unknown, id: unknown): Cursor | null {
  if (typeof at !== "string" || typeof id !== "string" || !isResourceId(id)) return null;
  const time = Date.parse(at);
  if (!(time >= EARLIEST && time <= LATEST)) return null;
  return { at: new Date(time), id };
}

export function decodeCursor(text: string): Cursor | null {
  const parsed = parseArray(text, 2);
  return parsed && position(parsed[0], parsed[1]);
}

export function decodeRankedCursor(text: string): RankedCursor | null {
  const parsed = parseArray(text, 3);
  if (!parsed) return null;
  const [rank, at, id] = parsed;
  if (typeof rank !== "number" || !(rank >= 0 && rank <= MAX_RANK)) return null;
  const rest = position(at, id);
  return rest && { rank, ...rest };
}
