/**
 * Turns JSON request parameters into Postgres text parameters the way Neon's proxy does.
 * The driver already sends strings and nulls only (it runs pg's prepareValue and hex-encodes
 * Buffers as `\x...`), so the other branches exist for hand-written HTTP clients.
 */
export function toPgTextParam(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return toPgArrayLiteral(value);
  return JSON.stringify(value);
}

function toPgArrayLiteral(values: readonly unknown[]): string {
  return `{${values.map(toPgArrayElement).join(",")}}`;
}

function toPgArrayElement(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (Array.isArray(value)) return toPgArrayLiteral(value);
  if (typeof value === "string") return quoteArrayElement(value);
  if (typeof value === "object") return quoteArrayElement(JSON.stringify(value));
  return JSON.stringify(value);
}

function quoteArrayElement(text: string): string {
  return `"${text.replace(/[\\"]/g, "\\$&")}"`;
}
