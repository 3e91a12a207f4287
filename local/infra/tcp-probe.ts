import { connect } from "node:net";
import type { Endpoint } from "./endpoint.js";

const PROBE_TIMEOUT_MS = 1_000;

/** True when something accepts TCP connections at the endpoint. */
export function isListening({ host, port }: Endpoint, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Connects, optionally sends `request`, and resolves with the first CRLF-terminated line the
 * server sends back. Enough for the line-based greetings of Redis (RESP) and NATS (INFO).
 */
export function firstLine({ host, port }: Endpoint, request?: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = "";
    const finish = (err: Error | undefined, line?: string): void => {
      socket.destroy();
      if (err) reject(err);
      else resolve(line ?? "");
    };
    socket.setEncoding("utf8");
    socket.setTimeout(timeoutMs, () => finish(new Error(`no reply from ${host}:${port} within ${timeoutMs} ms`)));
    socket.once("connect", () => {
      if (request !== undefined) socket.write(request);
    });
    socket.on("data", (chunk: string) => {
      received += chunk;
      const end = received.indexOf("\r\n");
      if (end >= 0) finish(undefined, received.slice(0, end));
    });
    socket.once("error", (err) => finish(err));
    socket.once("end", () => finish(new Error(`${host}:${port} closed the connection without a reply`)));
  });
}
