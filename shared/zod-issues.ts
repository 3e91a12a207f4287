import type { z } from "zod";

/**
 * One line per problem, for configuration, messages and jobs alike: "<path> is required" where the input
 * has nothing at the path (zod's own "expected string, received undefined" hides which), otherwise
 * "<path>: <zod's message>". The path is dotted; "(root)" names the input itself.
 */
export function describeIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.map(String).join(".") || "(root)";
    return issue.code === "invalid_type" && issue.path.length > 0 && valueAt(input, issue.path) === undefined
      ? `${name} is required`
      : `${name}: ${issue.message}`;
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
