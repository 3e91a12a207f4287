import { context, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AsyncLocalContextManager } from "../edge/telemetry/async-context.js";
import { createLogger, redactText } from "./logger.js";

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: createLogger("test", { write: (l) => lines.push(JSON.parse(l)) }) };
};

describe("structured logger", () => {
  it("writes one JSON object per line with time, level, service and message", () => {
    const { lines, log } = capture();
    log.child({ request_id: "r1" }).info("hello", { status: 200 });
    expect(lines[0]).toMatchObject({ level: "info", service: "test", message: "hello", request_id: "r1", status: 200 });
    expect(Object.keys(lines[0]!).slice(0, 4)).toEqual(["time", "level", "service", "message"]);
    expect(Date.parse(String(lines[0]?.time))).not.toBeNaN();
  });

  it("keeps its own keys when a field has the same name", () => {
    const { lines, log } = capture();
    log.info("real", { message: "imposter", level: "debug" });
    expect(lines[0]).toMatchObject({ message: "real", level: "info", field_message: "imposter", field_level: "debug" });
  });

  it("redacts secrets by key and signed query strings and bearer tokens by value", () => {
    const { lines, log } = capture();
    log.warn("upload to https://s3.test/b/k?X-Amz-Signature=abc123&X-Amz-Credential=AKIA&part=1", {
      password: "hunter2",
      headers: { authorization: "Bearer eyJhbGciOi.x.y" },
      note: "sent Bearer eyJabc.def.ghi",
      cdn: "https://cdn.test/v/1/a.m4s?Policy=p&Signature=s&Key-Pair-Id=K",
    });
    const text = JSON.stringify(lines[0]);
    for (const secret of ["hunter2", "abc123", "AKIA", "eyJhbGciOi", "eyJabc", "Policy=p", "Signature=s"])
      expect(text).not.toContain(secret);
    expect(text).toContain("part=1");
  });

  it("drops records below the level", () => {
    const lines: string[] = [];
    createLogger("t", { level: "warn", write: (l) => lines.push(l) }).info("quiet");
    expect(lines).toEqual([]);
  });
});

describe("redaction of secrets inside error text", () => {
  it("keeps only the command name of an Upstash error, whose message carries the whole command", () => {
    const upstash = 'ERR wrong number of arguments, command was: ["set","token-blacklist:jti-1","session-secret-value","EX",900]';
    expect(redactText(upstash)).toBe("ERR wrong number of arguments, command was: set [redacted]");
    expect(redactText('NOSCRIPT, command was: [["evalsha","abc",1,"ratelimit:1.2.3.4"]]')).toBe(
      "NOSCRIPT, command was: evalsha [redacted]",
    );
  });

  it("hides credentials in connection strings, presigned URLs in SDK errors, JWTs and refresh tokens", () => {
    const text = redactText(
      [
        "connect ECONNREFUSED postgres://vod:pg-secret@db:5432/vod",
        "host=db user=vod password=pg-secret2 dbname=vod",
        "PUT https://bucket.s3.amazonaws.com/uploads/x?X-Amz-Security-Token=sts-secret&X-Amz-Signature=deadbeef failed",
        "token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl",
        "rt_0123456789abcdefghijklmnop",
      ].join("\n"),
    );
    for (const secret of ["pg-secret", "pg-secret2", "sts-secret", "deadbeef", "eyJzdWIiOiJ1In0", "rt_0123456789"])
      expect(text).not.toContain(secret);
    expect(text).toContain("postgres://[redacted]@db:5432/vod");
  });

  it("logs an error as its name and scrubbed message only, never the SDK's request and response", () => {
    const { lines, log } = capture();
    const err = Object.assign(new Error("GET https://s3.test/k?X-Amz-Signature=abc failed"), {
      $response: { headers: { authorization: "AWS4 secret" } },
    });
    log.error("storage failed", { err });
    expect(lines[0]?.err).toEqual({ name: "Error", message: "GET https://s3.test/k?X-Amz-Signature=[redacted] failed" });
  });

  it("drops a failed query's parameters and a database's message, keeping its code and the chain of causes", () => {
    const { lines, log } = capture();
    const refused = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique": a@b.test'), {
      code: "23505",
      constraint: "users_email_unique",
      detail: "Key (email)=(a@b.test)",
    });
    const query = new Error(
      'Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: a@b.test,pbkdf2-sha256$100000$c2FsdA==$aGFzaA==',
      { cause: refused },
    );
    const offline = Object.assign(new Error("Error connecting to database: TypeError: fetch failed"), {
      sourceError: new TypeError("fetch failed", {
        cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
      }),
    });
    log.error("failed", { query, offline });
    expect(lines[0]?.query).toEqual({
      name: "Error",
      message: 'Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: [redacted]',
      cause: { name: "Error", message: "database error 23505", code: "23505", constraint: "users_email_unique" },
    });
    expect(lines[0]?.offline).toMatchObject({ cause: { name: "TypeError", message: "fetch failed", cause: { code: "ECONNREFUSED" } } });
    expect(redactText("stored pbkdf2-sha256$100000$c2FsdA==$aGFzaA== for you")).toBe("stored [redacted] for you");
  });
});

describe("trace correlation", () => {
  const manager = new AsyncLocalContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(manager);
  });
  afterAll(() => {
    context.disable();
  });

  it("adds the active span's trace_id and span_id, across awaits", async () => {
    const { lines, log } = capture();
    const span = trace.wrapSpanContext({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", traceFlags: 1 });
    await context.with(trace.setSpan(context.active(), span), async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.info("inside");
    });
    log.info("outside");
    expect(lines[0]).toMatchObject({ message: "inside", trace_id: "4bf92f3577b34da6a3ce929d0e0e4736", span_id: "00f067aa0ba902b7" });
    expect(lines[1]).not.toHaveProperty("trace_id");
  });
});
