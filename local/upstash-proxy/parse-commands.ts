import { HttpError } from "./http-response.js";

/** Parses the request body as JSON; the error never echoes the body, which carries values. */
export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "ERR request body is not valid JSON");
  }
}

/** One command, `["SET", "k", "v", "EX", 30]`: numbers and booleans become their string form, as on Upstash. */
export function parseCommand(body: unknown): string[] {
  if (!Array.isArray(body) || body.length === 0) throw new HttpError(400, "ERR expected a command as a non-empty JSON array");
  return body.map((arg: unknown, index) => {
    if (typeof arg === "string") return arg;
    if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
    throw new HttpError(400, `ERR argument ${index} of the command must be a string or a number`);
  });
}

/** The body of /pipeline and /multi-exec: a non-empty JSON array of commands. */
export function parseCommandList(body: unknown): string[][] {
  if (!Array.isArray(body) || body.length === 0) throw new HttpError(400, "ERR expected a non-empty JSON array of commands");
  return body.map((command: unknown) => parseCommand(command));
}
