import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError, unavailable, type ErrorKind } from "../../shared/errors.js";
import { envelope, errorStatus } from "../../shared/http/envelope.js";
import { isDependencyOutage } from "./dependency-outage.js";
import type { EdgeEnv } from "./env.js";

/** How soon a client may retry after a dependency failed: outages seen so far end within seconds. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

const KIND_FOR_STATUS: Record<number, ErrorKind> = {
  400: "validation",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  422: "unprocessable",
  429: "rate_limited",
  503: "unavailable",
};

function respond(c: Context, error: AppError) {
  const { status, message } = errorStatus[error.kind];
  const data: Record<string, unknown> = {};
  if (error.details.errors) data.errors = error.details.errors;
  else if (error.message !== error.kind && error.message !== message) data.reason = error.message;
  const retryAfter = error.details.retryAfterSeconds ?? (error.kind === "unavailable" ? OUTAGE_RETRY_AFTER_SECONDS : undefined);
  if (retryAfter !== undefined) c.header("Retry-After", String(retryAfter));
  return c.json(envelope(message, data), status as 400);
}

/** The single place where errors become HTTP answers; nothing leaks a stack trace. */
export function handleError(err: Error, c: Context<EdgeEnv>) {
  if (err instanceof AppError) {
    // The operator needs the reason a dependency failed; the client gets only the 503 and when to retry.
    if (err.kind === "unavailable")
      c.get("ports")?.log.warn("dependency unavailable", { request_id: c.get("requestId" as never), error: err });
    return respond(c, err);
  }
  // Our own refusal surfacing through a driver that wraps what it throws: drizzle wraps the revocation
  // check's 401 (or 503) that a held write rejects with (see `holdWrites`). The answer is the refusal's.
  if (err.cause instanceof AppError) return handleError(err.cause, c);
  if (isDependencyOutage(err)) return handleError(unavailable("A service this request needs is unavailable; retry later.", err), c);
  if (err instanceof HTTPException) {
    const kind = KIND_FOR_STATUS[err.status];
    if (kind === "validation")
      return respond(c, new AppError(kind, "Bad Request", { errors: { body: [err.message || "Malformed request body."] } }));
    // A body that is not JSON where JSON is expected is the client's mistake, told like any other.
    if (err.status === 415)
      return respond(
        c,
        new AppError("validation", "Bad Request", { errors: { body: ["The body must be JSON (Content-Type: application/json)."] } }),
      );
    if (kind) return respond(c, new AppError(kind));
  }
  const log = c.get("ports")?.log;
  const fields = { request_id: c.get("requestId" as never), error: err };
  if (log) log.error("unhandled error", fields);
  else console.error(JSON.stringify({ level: "error", message: "unhandled error", name: err.name }));
  return c.json(envelope("Internal Server Error", {}), 500);
}

export const handleNotFound = (c: Context) => respond(c, new AppError("not_found"));
