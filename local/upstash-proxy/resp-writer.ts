const CRLF = Buffer.from("\r\n");

/** Serialises commands as RESP arrays of bulk strings, ready for one socket write. */
export function encodeCommands(commands: readonly (readonly string[])[]): Buffer {
  const parts: Buffer[] = [];
  for (const args of commands) {
    parts.push(Buffer.from(`*${args.length}\r\n`));
    for (const arg of args) {
      const bytes = Buffer.from(arg, "utf8");
      parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
    }
  }
  return Buffer.concat(parts);
}
