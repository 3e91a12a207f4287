import { z } from "zod";
import { LOG_LEVELS } from "../logger.js";
import { describeIssues } from "../zod-issues.js";

/** Thrown at start-up; the message names every missing or invalid variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseConfig<S extends z.ZodObject>(schema: S, env: Record<string, unknown>): z.infer<S> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    // Empty strings from .env files and shells mean "unset", so defaults apply.
    if (value !== undefined && value !== "") picked[key] = value;
  }
  const result = schema.safeParse(picked);
  if (result.success) return result.data;
  throw new ConfigError(describeIssues(result.error, picked));
}

export const intFromEnv = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const urlFromEnv = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL with scheme ${protocols.join(" or ")}`,
  );

export const jsonFromEnv = <T extends z.ZodType>(inner: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(inner);

export const logLevelFromEnv = () => z.enum(LOG_LEVELS).default("info");
