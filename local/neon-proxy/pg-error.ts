import { DatabaseError } from "pg";

// The driver copies exactly these keys from a 400 body onto its NeonDbError.
const DATABASE_ERROR_FIELDS = [
  "severity",
  "code",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;

export type DatabaseErrorBody = { message: string } & Partial<Record<(typeof DATABASE_ERROR_FIELDS)[number], string>>;

export function isDatabaseError(err: unknown): err is DatabaseError {
  return err instanceof DatabaseError;
}

/** The HTTP 400 body Neon sends for an error raised by Postgres itself. */
export function databaseErrorBody(err: DatabaseError): DatabaseErrorBody {
  const body: DatabaseErrorBody = { message: err.message };
  for (const field of DATABASE_ERROR_FIELDS) {
    const value = err[field];
    if (value !== undefined) body[field] = value;
  }
  return body;
}
