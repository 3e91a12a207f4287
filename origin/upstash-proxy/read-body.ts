import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-response.js";

/** Generous for a dev proxy; larger bodies are refused rather than buffered. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Buffers a request body, failing with 413 as soon as it is known to exceed the limit. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  // Closing the connection stops the client from streaming the rest of an oversized body to us.
  const tooLarge = () => new HttpError(413, `ERR request body exceeds ${limit} bytes`, { Connection: "close" });
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"]) > limit) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", () => reject(new HttpError(400, "ERR the request body could not be read")));
  });
}
