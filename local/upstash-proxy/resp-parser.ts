import { ErrorReply, StatusReply, type RespReply } from "./resp-reply.js";

type Step = { value: RespReply; end: number } | { needed: number };

/**
 * Incremental RESP2 parser. An incomplete reply reports how many bytes it needs at least, so a
 * large bulk string arriving in many chunks is concatenated and parsed once rather than per chunk.
 */
export class RespReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private needed = 1;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete reply, or undefined until more bytes arrive. Throws on a protocol violation. */
  next(): { reply: RespReply } | undefined {
    if (this.buffered < this.needed) return undefined;
    const buf = this.chunks.length === 1 && this.chunks[0] ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    const step = parseAt(buf, 0);
    if ("needed" in step) {
      this.chunks = [buf];
      this.needed = step.needed;
      return undefined;
    }
    const rest = buf.subarray(step.end);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    this.needed = 1;
    return { reply: step.value };
  }
}

function parseAt(buf: Buffer, offset: number): Step {
  if (offset >= buf.length) return { needed: offset + 1 };
  const lineEnd = buf.indexOf("\r\n", offset + 1);
  if (lineEnd === -1) return { needed: buf.length + 1 };
  const line = buf.toString("utf8", offset + 1, lineEnd);
  const next = lineEnd + 2;
  const type = String.fromCharCode(buf[offset] ?? 0);
  switch (type) {
    case "+":
      return { value: new StatusReply(line), end: next };
    case "-":
      return { value: new ErrorReply(line), end: next };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const length = toLength(line);
      if (length < 0) return { value: null, end: next };
      const end = next + length + 2;
      if (buf.length < end) return { needed: end };
      return { value: buf.subarray(next, next + length), end };
    }
    case "*": {
      const count = toLength(line);
      if (count < 0) return { value: null, end: next };
      const items: RespReply[] = [];
      let cursor = next;
      for (let i = 0; i < count; i++) {
        const step = parseAt(buf, cursor);
        if ("needed" in step) return step;
        items.push(step.value);
        cursor = step.end;
      }
      return { value: items, end: cursor };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

function toLength(text: string): number {
  const n = Number.parseInt(text, 10);
  if (Number.isNaN(n)) throw new Error("malformed RESP length");
  return n;
}
