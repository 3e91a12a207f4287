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
    if (typeof at !== "string" || typeof id !== "string" || Number.isNaN(Date.parse(at))) return null;
    return { at: new Date(at), id };
  } catch {
    return null;
  }
}
