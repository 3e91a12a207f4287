import { z } from "zod";
import { toPgTextParam } from "./json-params.js";

/** One statement as executed: params already in Postgres text form. */
export interface SqlStatement {
  query: string;
  params: (string | null)[];
  /** Per-statement override of the `Neon-Array-Mode` header. */
  arrayMode?: boolean;
}

export type SqlPayload = { kind: "single"; statement: SqlStatement } | { kind: "batch"; statements: SqlStatement[] };

const statementSchema = z
  .object({
    query: z.string(),
    params: z.array(z.unknown()).default([]),
    arrayMode: z.boolean().optional(),
  })
  .transform(({ query, params, arrayMode }): SqlStatement => ({
    query,
    params: params.map(toPgTextParam),
    ...(arrayMode === undefined ? {} : { arrayMode }),
  }));

// Single is tried first, as Neon does, so a body carrying both keys runs as one statement.
const payloadSchema = z.union([
  statementSchema.transform((statement): SqlPayload => ({ kind: "single", statement })),
  z.object({ queries: z.array(statementSchema) }).transform(({ queries }): SqlPayload => ({ kind: "batch", statements: queries })),
]);

export class InvalidPayloadError extends Error {}

/** Parses a raw request body into statements, with a client-facing message on failure. */
export function parseSqlPayload(body: Buffer): SqlPayload {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch (err) {
    throw new InvalidPayloadError(`request body is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidPayloadError("request body must be {query, params?} or {queries: [{query, params?}, ...]}");
  }
  return parsed.data;
}
