import type { IncomingMessage, ServerResponse } from "node:http";
import { formatAddress, type AllowList } from "./allow-list.js";
import { parseConnectionString, type PgTarget } from "./connection-string.js";
import { sendJson } from "./http-response.js";
import { databaseErrorBody, isDatabaseError } from "./pg-error.js";
import { ProxyClosedError, type PgPools } from "./pg-pools.js";
import { ISOLATION_LEVELS, runStatement, runTransaction, type IsolationLevel, type TransactionMode } from "./query-runner.js";
import { BodyTooLargeError, readBody } from "../http/read-body.js";
import { InvalidPayloadError, parseSqlPayload } from "./sql-payload.js";

/** A failure answered with `{message}` and a chosen status, before any SQL ran. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface RequestOptions {
  target: PgTarget;
  defaultArrayMode: boolean;
  transaction: TransactionMode;
}

/** Serves Neon's `POST /sql` (the transport of `neon()` and drizzle's `neon-http`). */
export function createSqlOverHttpHandler(allow: AllowList, pools: PgPools) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const options = readRequestOptions(req, allow);
      const payload = parseSqlPayload(await readBody(req));
      const body = await pools.withClient(options.target, async (client) =>
        payload.kind === "single"
          ? runStatement(client, payload.statement, options.defaultArrayMode)
          : { results: await runTransaction(client, payload.statements, options.transaction, options.defaultArrayMode) },
      );
      sendJson(res, 200, body);
    } catch (err) {
      sendError(res, err);
    }
  };
}

function readRequestOptions(req: IncomingMessage, allow: AllowList): RequestOptions {
  const connectionString = header(req, "neon-connection-string");
  if (connectionString === undefined) throw new RequestError(400, "missing Neon-Connection-String header");
  const target = parseConnectionString(connectionString);
  // The message never echoes the connection string: it carries the password.
  if (!target) throw new RequestError(400, "Neon-Connection-String is not a valid postgres:// URL with a user and host");
  if (!allow(target.address)) {
    throw new RequestError(403, `database address ${formatAddress(target.address)} is not allowed by this proxy`);
  }
  // Neon converts values to JSON types without this header; the driver always sends it, so the
  // conversion is not reproduced and such requests are refused instead of answered differently.
  if (header(req, "neon-raw-text-output") !== "true") {
    throw new RequestError(400, "this proxy only supports Neon-Raw-Text-Output: true");
  }
  return {
    target,
    defaultArrayMode: header(req, "neon-array-mode") === "true",
    transaction: readTransactionMode(req),
  };
}

function readTransactionMode(req: IncomingMessage): TransactionMode {
  const level = header(req, "neon-batch-isolation-level");
  if (level !== undefined && !isIsolationLevel(level)) throw new RequestError(400, "invalid isolation level");
  return {
    ...(level === undefined ? {} : { isolationLevel: level }),
    // Like Neon, anything but the exact string "true" means false.
    readOnly: header(req, "neon-batch-read-only") === "true",
    deferrable: header(req, "neon-batch-deferrable") === "true",
  };
}

function isIsolationLevel(value: string): value is IsolationLevel {
  return Object.hasOwn(ISOLATION_LEVELS, value);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendError(res: ServerResponse, err: unknown): void {
  if (isDatabaseError(err)) return sendJson(res, 400, databaseErrorBody(err));
  if (err instanceof RequestError) return sendJson(res, err.status, { message: err.message });
  if (err instanceof InvalidPayloadError) return sendJson(res, 400, { message: err.message });
  // The rest of the body is left unread, so the connection cannot be reused.
  if (err instanceof BodyTooLargeError) return sendJson(res, 413, { message: err.message }, { Connection: "close" });
  if (err instanceof ProxyClosedError) return sendJson(res, 503, { message: err.message });
  // Connection failures and the like: pg's messages name host and port but never the password.
  sendJson(res, 500, { message: err instanceof Error ? err.message : String(err) });
}
