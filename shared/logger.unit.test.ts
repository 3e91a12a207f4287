import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: createLogger("test", { write: (l) => lines.push(JSON.parse(l)) }) };
};

describe("structured logger", () => {
  it("writes one JSON object per line with time, level, service and message", () => {
    const { lines, log } = capture();
    log.child({ request_id: "r1" }).info("hello", { status: 200 });
    expect(lines[0]).toMatchObject({ level: "info", service: "test", msg: "hello", request_id: "r1", status: 200 });
    expect(Date.parse(String(lines[0]?.time))).not.toBeNaN();
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
    for (const secret of ["hunter2", "abc123", "AKIA", "eyJhbGciOi", "eyJabc", "Policy=p", "Signature=s"]) expect(text).not.toContain(secret);
    expect(text).toContain("part=1");
  });

  it("drops records below the level", () => {
    const lines: string[] = [];
    createLogger("t", { level: "warn", write: (l) => lines.push(l) }).info("quiet");
    expect(lines).toEqual([]);
  });
});
