/**
 * Domain errors, typed where they happen. Each side maps `kind` to its transport in one place
 * (the edge: `edge/http/error-handler.ts`).
 */
export type ErrorKind =
  | "validation"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unprocessable"
  | "rate_limited"
  | "unavailable";

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message?: string,
    readonly details: { errors?: FieldErrors; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    // The cause is for the log (a dependency's failure), never for the answer.
    super(message ?? kind, { cause: details.cause });
    this.name = "AppError";
  }
}

export const unauthorized = (why = "Unauthorized") => new AppError("unauthorized", why);
export const notFound = () => new AppError("not_found");
export const unavailable = (why: string, cause?: unknown) => new AppError("unavailable", why, { cause });
export const invalid = (errors: FieldErrors) => new AppError("validation", "Bad Request", { errors });
export const rateLimited = (retryAfterSeconds: number) => new AppError("rate_limited", "Too Many Requests", { retryAfterSeconds });
