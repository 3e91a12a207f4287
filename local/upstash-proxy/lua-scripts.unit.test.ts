import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ScriptRegistry, stripUpstashFlags } from "./lua-scripts.js";
import { ErrorReply } from "./resp-reply.js";

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

describe("stripUpstashFlags", () => {
  it("drops allow-key-locking and keeps everything else", () => {
    expect(stripUpstashFlags("#!lua flags=allow-key-locking\n  return 1\n")).toBe("#!lua\n  return 1\n");
    expect(stripUpstashFlags("#!lua flags=no-writes,allow-key-locking\nreturn 1")).toBe("#!lua flags=no-writes\nreturn 1");
    expect(stripUpstashFlags("#!lua flags=allow-key-locking")).toBe("#!lua");
  });

  it("returns the very same text when there is nothing to drop", () => {
    for (const script of ["return 1", "#!lua flags=no-writes\nreturn 1", "\n#!lua flags=allow-key-locking\nreturn 1"]) {
      expect(stripUpstashFlags(script)).toBe(script);
    }
  });
});

describe("ScriptRegistry", () => {
  const original = "#!lua flags=allow-key-locking\nreturn 1";
  const rewritten = "#!lua\nreturn 1";

  it("maps the client's sha to the rewritten script's once it has seen the script", () => {
    const scripts = new ScriptRegistry();
    expect(scripts.prepare(["EVALSHA", sha1(original), "0"]).args).toEqual(["EVALSHA", sha1(original), "0"]);
    expect(scripts.prepare(["eval", original, "0"]).args).toEqual(["eval", rewritten, "0"]);
    expect(scripts.prepare(["evalsha_ro", sha1(original).toUpperCase(), "0"]).args).toEqual(["evalsha_ro", sha1(rewritten), "0"]);
    expect(scripts.prepare(["SCRIPT", "EXISTS", sha1(original), "other"]).args).toEqual(["SCRIPT", "EXISTS", sha1(rewritten), "other"]);
  });

  it("answers SCRIPT LOAD with the sha of the script the client sent", () => {
    const prepared = new ScriptRegistry().prepare(["SCRIPT", "LOAD", original]);
    expect(prepared.args).toEqual(["SCRIPT", "LOAD", rewritten]);
    expect(prepared.adjustReply(Buffer.from(sha1(rewritten)))).toEqual(Buffer.from(sha1(original)));
    const failure = new ErrorReply("ERR Error compiling script");
    expect(prepared.adjustReply(failure)).toBe(failure);
  });

  it("leaves other commands and unflagged scripts alone", () => {
    const scripts = new ScriptRegistry();
    expect(scripts.prepare(["EVAL", "return 1", "0"]).args).toEqual(["EVAL", "return 1", "0"]);
    expect(scripts.prepare(["SCRIPT", "LOAD", "return 1"]).adjustReply(Buffer.from("x"))).toEqual(Buffer.from("x"));
    expect(scripts.prepare(["SET", "k", "v"]).args).toEqual(["SET", "k", "v"]);
  });
});
