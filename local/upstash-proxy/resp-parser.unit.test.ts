import { describe, expect, it } from "vitest";
import { RespReader } from "./resp-parser.js";
import { ErrorReply, StatusReply, type RespReply } from "./resp-reply.js";
import { encodeCommands } from "./resp-writer.js";

const WIRE = Buffer.from("+OK\r\n-ERR boom\r\n:42\r\n$5\r\nh\r\nlo\r\n$-1\r\n*-1\r\n*3\r\n:1\r\n*2\r\n$0\r\n\r\n+QUEUED\r\n$3\r\nabc\r\n");
const EXPECTED: RespReply[] = [
  new StatusReply("OK"),
  new ErrorReply("ERR boom"),
  42,
  Buffer.from("h\r\nlo"),
  null,
  null,
  [1, [Buffer.alloc(0), new StatusReply("QUEUED")], Buffer.from("abc")],
];

function drain(reader: RespReader): RespReply[] {
  const out: RespReply[] = [];
  for (let next = reader.next(); next; next = reader.next()) out.push(next.reply);
  return out;
}

describe("RespReader", () => {
  it("parses every RESP2 type in one chunk", () => {
    const reader = new RespReader();
    reader.push(WIRE);
    expect(drain(reader)).toEqual(EXPECTED);
  });

  it("parses the same replies fed one byte at a time", () => {
    const reader = new RespReader();
    const out: RespReply[] = [];
    for (let i = 0; i < WIRE.length; i++) {
      reader.push(WIRE.subarray(i, i + 1));
      out.push(...drain(reader));
    }
    expect(out).toEqual(EXPECTED);
  });

  it("throws on bytes that are not RESP", () => {
    const reader = new RespReader();
    reader.push(Buffer.from("?what\r\n"));
    expect(() => reader.next()).toThrow(/unexpected RESP type/);
  });
});

describe("encodeCommands", () => {
  it("writes commands as arrays of bulk strings, counting UTF-8 bytes", () => {
    expect(encodeCommands([["SET", "k", "é"], ["PING"]]).toString()).toBe("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n*1\r\n$4\r\nPING\r\n");
  });
});
