import { ErrorReply, StatusReply, type RespReply } from "./resp-reply.js";

export type JsonReply = string | number | null | JsonReply[];
export type Outcome = { result: JsonReply } | { error: string };

/**
 * One command's reply in Upstash's JSON shape. With `Upstash-Encoding: base64` every string is
 * base64, at any depth, except a top-level status OK: Upstash documents that exception and
 * @upstash/redis decodes a top-level "OK" as is while base64-decoding every other string.
 * Without the header strings are UTF-8, lossy for binary values as on Upstash.
 */
export function toOutcome(reply: RespReply, base64: boolean): Outcome {
  if (reply instanceof ErrorReply) return { error: reply.message };
  if (base64 && reply instanceof StatusReply && reply.text === "OK") return { result: "OK" };
  return { result: encode(reply, base64) };
}

function encode(reply: RespReply, base64: boolean): JsonReply {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((item) => encode(item, base64));
  // Statuses and errors nested in arrays (EXEC, script results) travel as plain strings.
  const bytes = Buffer.isBuffer(reply) ? reply : Buffer.from(reply instanceof StatusReply ? reply.text : reply.message);
  return bytes.toString(base64 ? "base64" : "utf8");
}
