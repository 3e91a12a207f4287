import { isSpanContextValid, trace } from "@opentelemetry/api";

/**
 * Structured JSON logs, runtime-neutral (console is the only sink every runtime has): one object per
 * line with time, level, service, message and, inside a span, its trace_id and span_id, so a log
 * line leads to its trace. Anything that looks like a secret is redacted before it is written.
 */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type Level = (typeof LOG_LEVELS)[number];
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

const SECRET_KEYS = /pass(word)?|secret|token|authorization|cookie|signature|policy|key-pair-id|credential|private|api[-_]?key/i;
const REDACTED = "[redacted]";
const MAX_DEPTH = 5;

/** Secrets that travel inside strings (URLs, error messages); each keeps enough to say what was there. */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // Presigned and CloudFront-signed URLs carry their credentials in the query string.
  [/([?&](?:X-Amz-[A-Za-z-]+|Signature|Policy|Key-Pair-Id|Expires|token)=)[^&\s"']+/gi, `$1${REDACTED}`],
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`],
  // user:password@ in connection strings (Postgres, Redis, NATS).
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@"']+@/gi, `$1${REDACTED}@`],
  // libpq key=value connection strings.
  [/\b(password|pwd)=[^\s&;"']+/gi, `$1=${REDACTED}`],
  // A JWT anywhere (an access token pasted into an error, a token in a URL path).
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
  // Our refresh tokens.
  [/\brt_[A-Za-z0-9_-]{16,}/g, REDACTED],
  // @upstash/redis puts the whole command with its values in its errors: keep only the command's name.
  [/(command was: )\[\[?"?([A-Za-z]*)[\s\S]*$/g, `$1$2 ${REDACTED}`],
  // drizzle appends a failed query's parameters (emails, password hashes, token hashes) to its message.
  [/(\nparams: )[\s\S]*$/g, `$1${REDACTED}`],
  // Our password hashes, wherever one turns up.
  [/\bpbkdf2-sha256\$[^\s"',]+/g, REDACTED],
];

export function redactText(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return describeError(value, depth);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Fields = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? REDACTED : redact(v, depth + 1);
  return out;
}

// A Postgres SQLSTATE: five digits or upper-case letters (23505, 08006, P0001).
const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * Name, message and the chain of causes (an outage's reason sits in a cause: "fetch failed" <- ECONNREFUSED),
 * but no other field: an SDK error's others hold requests, responses and their headers. A database's own
 * message can quote the values it refused (`Key (email)=(…)`, a trigger's text), so an error that carries a
 * SQLSTATE is logged by its code and the names of what it concerns, never by its message.
 */
function describeError(error: Error, depth: number): Fields {
  const { code, constraint, table, column, sourceError } = error as Error & Record<string, unknown>;
  const fromDatabase = typeof code === "string" && SQLSTATE.test(code);
  const out: Fields = { name: error.name, message: fromDatabase ? `database error ${code}` : redactText(error.message) };
  if (typeof code === "string" || typeof code === "number") out.code = code;
  if (fromDatabase)
    Object.assign(out, Object.fromEntries(Object.entries({ constraint, table, column }).filter(([, v]) => typeof v === "string")));
  // @neondatabase/serverless keeps the network failure in `sourceError` rather than `cause`.
  const cause = error.cause ?? sourceError;
  if (cause !== undefined && depth < MAX_DEPTH) out.cause = redact(cause, depth + 1);
  return out;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// The record's own keys; a field of the same name must not overwrite them.
const RESERVED = new Set(["time", "level", "service", "message", "trace_id", "span_id"]);

/** The active span's ids, read through the API only: whichever runtime set the span up. */
function activeTrace(): Fields {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

export function createLogger(service: string, opts: { level?: Level; write?: (line: string) => void; base?: Fields } = {}): Logger {
  const min = ORDER[opts.level ?? "info"];
  const write = opts.write ?? ((line: string) => console.log(line));
  const base = opts.base ?? {};
  const emit = (level: Level, message: string, fields?: Fields) => {
    if (ORDER[level] < min) return;
    const record: Fields = { time: new Date().toISOString(), level, service, message: redactText(message), ...activeTrace() };
    for (const [k, v] of Object.entries(redact({ ...base, ...fields }) as Fields)) record[RESERVED.has(k) ? `field_${k}` : k] = v;
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
