import { z } from "@hono/zod-openapi";
import type { ZodType } from "zod";

/** OpenAPI helpers: every JSON answer is the `{message, data}` envelope. */
export const envelopeOf = <T extends ZodType>(data: T) => z.object({ message: z.string(), data });

export const jsonBody = <T extends ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T extends ZodType>(description: string, data: T) => ({
  description,
  content: { "application/json": { schema: envelopeOf(data) } },
});

const errorData = z.object({ errors: z.record(z.string(), z.array(z.string())).optional(), reason: z.string().optional() });

export const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: envelopeOf(errorData) } },
});

export const bearerSecurity = [{ bearer: [] as string[] }];
