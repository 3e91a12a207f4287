import { describe, expect, it } from "vitest";
import { isBlocking, refusalReason } from "./command-policy.js";

describe("refusalReason", () => {
  it("refuses server administration and connection state, in any case", () => {
    expect(refusalReason(["flushall"])).toMatch(/^ERR FLUSHALL is refused/);
    expect(refusalReason(["CONFIG", "GET", "*"])).toMatch(/server administration/);
    expect(refusalReason(["select", "2"])).toMatch(/shared Redis connection/);
    expect(refusalReason(["SUBSCRIBE", "chat"])).toMatch(/subscriptions/);
  });

  it("allows only the harmless subcommands of container commands", () => {
    expect(refusalReason(["SCRIPT", "load", "return 1"])).toBeUndefined();
    expect(refusalReason(["SCRIPT", "EXISTS", "abc"])).toBeUndefined();
    expect(refusalReason(["SCRIPT", "FLUSH"])).toMatch(/only LOAD, EXISTS/);
    expect(refusalReason(["FUNCTION", "DELETE", "lib"])).toBeDefined();
    expect(refusalReason(["MEMORY", "USAGE", "k"])).toBeUndefined();
  });

  it("refuses blocking commands that could wait forever", () => {
    expect(refusalReason(["BLPOP", "a", "b", "0"])).toMatch(/timeout/);
    expect(refusalReason(["BLPOP", "a", "b", "0.0001"])).toMatch(/timeout/); // below Redis's 1 ms resolution
    expect(refusalReason(["BLPOP", "a", "0.5"])).toBeUndefined();
    expect(refusalReason(["BLMPOP", "0", "1", "a", "LEFT"])).toMatch(/timeout/);
    expect(refusalReason(["WAIT", "1", "0"])).toMatch(/timeout/);
    expect(refusalReason(["XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", "$"])).toMatch(/timeout/);
    expect(refusalReason(["XREAD", "BLOCK", "100", "STREAMS", "s", "$"])).toBeUndefined();
    // The consumer may be called BLOCK: XREADGROUP options start after GROUP <group> <consumer>.
    expect(refusalReason(["XREADGROUP", "GROUP", "g", "BLOCK", "COUNT", "1", "STREAMS", "s", ">"])).toBeUndefined();
  });

  it("lets ordinary commands through", () => {
    expect(refusalReason(["GET", "k"])).toBeUndefined();
    expect(refusalReason(["EVALSHA", "abc", "0"])).toBeUndefined();
  });
});

describe("isBlocking", () => {
  it("is true only for commands that may wait on the server", () => {
    expect(isBlocking(["BRPOP", "a", "1"])).toBe(true);
    expect(isBlocking(["XREAD", "BLOCK", "10", "STREAMS", "s", "$"])).toBe(true);
    expect(isBlocking(["XREAD", "STREAMS", "BLOCK", "0"])).toBe(false);
    expect(isBlocking(["RPOP", "a"])).toBe(false);
  });
});
