import type { ServerResponse } from "node:http";

export interface ErrorAnswer {
  status: number;
  /** S3/CloudFront error code for the XML body, e.g. AccessDenied. */
  code: string;
  message: string;
  /** Why a request was denied, for tests and whoever debugs a player; never a signature. */
  deniedReason?: string;
}

export const DENIED_REASON_HEADER = "x-cdn-denied-reason";

/** Answers like CloudFront in front of S3: a small XML error document, never cached. */
export function sendError(res: ServerResponse, answer: ErrorAnswer, headers: Record<string, string>, withBody: boolean): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${answer.code}</Code><Message>${answer.message}</Message></Error>`;
  res.writeHead(answer.status, {
    ...headers,
    "content-type": "text/xml",
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
    ...(answer.deniedReason !== undefined && { [DENIED_REASON_HEADER]: answer.deniedReason }),
  });
  res.end(withBody ? body : undefined);
}
