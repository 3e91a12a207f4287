import type { PoolClient, QueryArrayConfig } from "pg";
import type { SqlStatement } from "./sql-payload.js";

/** One entry of Neon's HTTP answer; `rows` hold Postgres text output, parsed by the driver itself. */
export interface NeonQueryResult {
  fields: NeonField[];
  rows: (string | null)[][] | Record<string, string | null>[];
  command: string;
  rowCount: number | null;
  rowAsArray: boolean;
}

export interface NeonField {
  name: string;
  dataTypeID: number;
  tableID: number;
  columnID: number;
  dataTypeSize: number;
  dataTypeModifier: number;
  format: "text";
}

export const ISOLATION_LEVELS = {
  ReadUncommitted: "READ UNCOMMITTED",
  ReadCommitted: "READ COMMITTED",
  RepeatableRead: "REPEATABLE READ",
  Serializable: "SERIALIZABLE",
} as const;

export type IsolationLevel = keyof typeof ISOLATION_LEVELS;

export interface TransactionMode {
  isolationLevel?: IsolationLevel;
  readOnly: boolean;
  deferrable: boolean;
}

// `queryMode` exists in pg 8.23 but not in @types/pg 8.20.
interface ExtendedQueryConfig extends QueryArrayConfig<(string | null)[]> {
  queryMode: "extended";
}

// Hands every value back untouched, so the JSON carries exactly what Postgres printed.
const RAW_TEXT_TYPES = { getTypeParser: () => (text: string) => text };

/**
 * Runs one statement. The extended protocol is forced even without params, as Neon always uses
 * it: a string holding several statements is then rejected by Postgres rather than half-run.
 */
export async function runStatement(client: PoolClient, statement: SqlStatement, defaultArrayMode: boolean): Promise<NeonQueryResult> {
  const config: ExtendedQueryConfig = {
    text: statement.query,
    values: statement.params,
    rowMode: "array",
    types: RAW_TEXT_TYPES,
    queryMode: "extended",
  };
  const result = await client.query<(string | null)[]>(config);
  const arrayMode = statement.arrayMode ?? defaultArrayMode;
  const fields = result.fields.map((field): NeonField => ({
    name: field.name,
    dataTypeID: field.dataTypeID,
    tableID: field.tableID,
    columnID: field.columnID,
    dataTypeSize: field.dataTypeSize,
    dataTypeModifier: field.dataTypeModifier,
    format: "text",
  }));
  return {
    fields,
    rows: arrayMode ? result.rows : result.rows.map((row) => Object.fromEntries(fields.map((field, i) => [field.name, row[i] ?? null]))),
    // pg reports no command for an empty query string; Neon answers with an empty tag.
    command: result.command ?? "",
    rowCount: result.rowCount,
    rowAsArray: arrayMode,
  };
}

export function beginStatement(mode: TransactionMode): string {
  const parts = ["BEGIN"];
  if (mode.isolationLevel) parts.push("ISOLATION LEVEL", ISOLATION_LEVELS[mode.isolationLevel]);
  if (mode.readOnly) parts.push("READ ONLY");
  if (mode.deferrable) parts.push("DEFERRABLE");
  return parts.join(" ");
}

/** Runs a batch atomically: every statement commits together, or none does. */
export async function runTransaction(
  client: PoolClient,
  statements: readonly SqlStatement[],
  mode: TransactionMode,
  defaultArrayMode: boolean,
): Promise<NeonQueryResult[]> {
  await client.query(beginStatement(mode));
  const results: NeonQueryResult[] = [];
  try {
    for (const statement of statements) results.push(await runStatement(client, statement, defaultArrayMode));
  } catch (err) {
    // A failed ROLLBACK leaves the client non-idle, so PgPools discards it; the SQL error matters more.
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
  await client.query("COMMIT");
  return results;
}
