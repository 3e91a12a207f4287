import type { ErrorKind } from "../errors.js";

/** Every JSON body the API sends: `{message, data}`, as the seed's gateway does. */
export interface Envelope<T extends object = Record<string, unknown>> {
  message: string;
  data: T;
}

export const envelope = <T extends object>(message: string, data: T): Envelope<T> => ({ message, data });

/** The one table from error kind to HTTP status and the message clients see. */
export const errorStatus: Record<ErrorKind, { status: number; message: string }> = {
  validation: { status: 400, message: "Bad Request" },
  unauthorized: { status: 401, message: "Unauthorized" },
  forbidden: { status: 403, message: "Forbidden" },
  not_found: { status: 404, message: "Resource Not Found" },
  method_not_allowed: { status: 405, message: "Method Not Allowed" },
  conflict: { status: 409, message: "Conflict" },
  payload_too_large: { status: 413, message: "Payload Too Large" },
  unprocessable: { status: 422, message: "Unprocessable Entity" },
  rate_limited: { status: 429, message: "Too Many Requests" },
  unavailable: { status: 503, message: "Service Unavailable" },
};
