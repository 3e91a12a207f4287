import type { IncomingMessage, ServerResponse } from "node:http";

const LOCAL_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

const ALLOWED_HEADERS = [
  "Authorization",
  "Content-Type",
  "Neon-Connection-String",
  "Neon-Raw-Text-Output",
  "Neon-Array-Mode",
  "Neon-Batch-Isolation-Level",
  "Neon-Batch-Read-Only",
  "Neon-Batch-Deferrable",
].join(", ");

/**
 * Lets browser pages served from this machine call the proxy. Neon itself answers `*`, but a
 * local proxy holding database access should not be callable from arbitrary websites.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Vary", "Origin");
  const origin = req.headers.origin;
  if (origin === undefined || !isLocalOrigin(origin)) return;
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
  res.setHeader("Access-Control-Max-Age", "86400");
}

function isLocalOrigin(origin: string): boolean {
  try {
    return LOCAL_HOSTNAMES.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}
