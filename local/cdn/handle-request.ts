import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../../shared/logger.js";
import { corsHeaders, preflightHeaders, type CorsOrigins } from "./cors.js";
import { sendError, type ErrorAnswer } from "./error-response.js";
import type { CdnOutcome } from "./metrics.js";
import { objectKeyFor, SERVED_PATH_PREFIX } from "./object-key.js";
import { serveObject, type ObjectSource } from "./serve-object.js";
import type { SignedUrlVerifier } from "./verify-signed-url.js";

export interface CdnContext {
  source: ObjectSource;
  verify: SignedUrlVerifier;
  corsOrigins: CorsOrigins;
  clock: () => Date;
  log: Logger;
}

export interface Handled {
  outcome: CdnOutcome;
  status: number;
  deniedReason?: string;
}

// Only the path and query of a request matter; the base just lets the URL parser take origin-form targets.
const PARSE_BASE = "http://cdn.invalid";
const HTTP_NO_CONTENT = 204;

const denied = (reason: string): ErrorAnswer => ({ status: 403, code: "AccessDenied", message: "Access denied", deniedReason: reason });
const NO_SUCH_KEY: ErrorAnswer = { status: 404, code: "NoSuchKey", message: "The specified key does not exist." };
const BAD_RANGE: ErrorAnswer = { status: 416, code: "InvalidRange", message: "The requested range is not satisfiable" };
const ORIGIN_FAILED: ErrorAnswer = { status: 502, code: "OriginError", message: "The origin could not be reached" };

/** One request, in CloudFront's order: CORS preflight, method, path behaviour, signature, then the origin. */
export async function handleRequest(ctx: CdnContext, req: IncomingMessage, res: ServerResponse): Promise<Handled> {
  const cors = corsHeaders(ctx.corsOrigins, req);
  const withBody = req.method !== "HEAD";
  const refuse = (answer: ErrorAnswer, outcome: CdnOutcome): Handled => {
    sendError(res, answer, cors, withBody);
    return { outcome, status: answer.status, ...(answer.deniedReason !== undefined && { deniedReason: answer.deniedReason }) };
  };

  if (req.method === "OPTIONS") {
    const headers = preflightHeaders(ctx.corsOrigins, req);
    if (!headers) return refuse(denied("cors preflight not allowed"), "denied");
    res.writeHead(HTTP_NO_CONTENT, headers).end();
    return { outcome: "served", status: HTTP_NO_CONTENT };
  }
  if (req.method !== "GET" && req.method !== "HEAD") return refuse(denied("method not allowed"), "denied");
  const url = URL.canParse(req.url ?? "", PARSE_BASE) ? new URL(req.url ?? "", PARSE_BASE) : null;
  if (!url) return refuse(denied("malformed request target"), "denied");
  if (!url.pathname.startsWith(SERVED_PATH_PREFIX)) return refuse(denied(`outside ${SERVED_PATH_PREFIX}`), "denied");

  const verdict = ctx.verify(url, {
    now: ctx.clock(),
    ...(req.socket.remoteAddress !== undefined && { clientIp: req.socket.remoteAddress }),
  });
  if (!verdict.ok) return refuse(denied(verdict.reason), "denied");

  const key = objectKeyFor(url.pathname);
  if (key === null) return refuse(NO_SUCH_KEY, "not_found");
  const answer = await serveObject(ctx.source, key, req, res, cors);
  switch (answer.kind) {
    case "served":
      return { outcome: "served", status: answer.status };
    case "not_found":
      return refuse(NO_SUCH_KEY, "not_found");
    case "unsatisfiable_range":
      // The signature was good and the origin answered; the viewer asked past the end.
      return refuse(BAD_RANGE, "served");
    case "failed":
      ctx.log.error("origin request failed", { err: answer.err, path: url.pathname });
      return refuse(ORIGIN_FAILED, "error");
  }
}
