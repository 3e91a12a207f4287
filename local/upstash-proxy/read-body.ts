import type { IncomingMessage } from "node:http";
import { BodyTooLargeError, readBody as readLimited } from "../http/read-body.js";
import { HttpError } from "./http-response.js";

/** The request body, or the Upstash-style error: 413 once it is known to exceed the limit. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  try {
    return await readLimited(req);
  } catch (error) {
    // Closing the connection stops the client from streaming the rest of an oversized body to us.
    if (error instanceof BodyTooLargeError)
      throw new HttpError(413, `ERR request body exceeds ${error.limit} bytes`, { Connection: "close" });
    throw new HttpError(400, "ERR the request body could not be read");
  }
}
