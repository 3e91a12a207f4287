/**
 * Structured JSON logs, runtime-neutral (console is the only sink every runtime has).
 * Anything that looks like a secret is redacted before it is written.
 */
export type Level = "debug" | "info" | "warn" | "error";
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

const SECRET_KEYS = /pass(word)?|secret|token|authorization|cookie|signature|policy|key-pair-id|credential|private/i;
// Presigned and CloudFront-signed URLs carry their credentials in the query string.
const SIGNED_QUERY = /([?&](?:X-Amz-[A-Za-z-]+|Signature|Policy|Key-Pair-Id|Expires|token)=)[^&\s"]+/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.replace(SIGNED_QUERY, "$1[redacted]").replace(BEARER, "$1[redacted]");
  if (depth > 5 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Fields = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? "[redacted]" : redact(v, depth + 1);
  return out;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  service: string,
  opts: { level?: Level; write?: (line: string) => void; base?: Fields } = {},
): Logger {
  const min = ORDER[opts.level ?? "info"];
  const write = opts.write ?? ((line: string) => console.log(line));
  const base = opts.base ?? {};
  const emit = (level: Level, msg: string, fields?: Fields) => {
    if (ORDER[level] < min) return;
    const record = { time: new Date().toISOString(), level, service, msg: redact(msg), ...(redact({ ...base, ...fields }) as Fields) };
    write(JSON.stringify(record));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger(service, { ...opts, base: { ...base, ...fields } }),
  };
}
