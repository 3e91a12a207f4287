import type { Context } from "hono";
import type { ZodError, ZodObject } from "zod";
import { invalid, type FieldErrors } from "../../shared/errors.js";

/** Every field of the schema is present in the answer: `[]` when it passed. */
export function fieldErrors(schema: ZodObject, error: ZodError): FieldErrors {
  const errors: FieldErrors = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, [] as string[]]));
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) errors[key] = [issue.message];
      continue;
    }
    const field = issue.path.length > 0 ? String(issue.path[0]) : "body";
    const message = issue.path.length === 0 && issue.code === "invalid_type" ? "The body must be a JSON object." : issue.message;
    (errors[field] ??= []).push(message);
  }
  return errors;
}

type Result = { success: true } | { success: false; error: ZodError };

/** Route hook for @hono/zod-openapi: turns a failed validation into our 400 envelope. */
export const fieldsHook =
  (schema: ZodObject) =>
  (result: Result, _c: Context): undefined => {
    if (!result.success) throw invalid(fieldErrors(schema, result.error));
    return undefined;
  };
