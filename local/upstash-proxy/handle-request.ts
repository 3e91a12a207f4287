import type { IncomingMessage, ServerResponse } from "node:http";
import { refusalReason } from "./command-policy.js";
import { toOutcome } from "./encode-reply.js";
import { HttpError, sendJson } from "./http-response.js";
import { parseCommand, parseCommandList, parseJsonBody } from "./parse-commands.js";
import { readBody } from "./read-body.js";
import type { CommandRunner } from "./run-commands.js";

export interface RequestContext {
  isAuthorized(authorization: string | undefined): boolean;
  runner: CommandRunner;
}

type Route = "command" | "pipeline" | "multi-exec";

/**
 * Upstash's REST protocol as @upstash/redis speaks it: every call is a POST with a JSON body, to
 * `/` (one command), `/pipeline` or `/multi-exec` (a list). Nothing is logged: requests carry the
 * token and the values.
 */
export function createRequestHandler(ctx: RequestContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(req, res, ctx).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message }, error.headers);
      // Anything else is the Redis connection failing, not the command.
      sendJson(res, 503, { error: `ERR Redis is unavailable: ${error instanceof Error ? error.message : String(error)}` });
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
  if (!ctx.isAuthorized(req.headers.authorization)) throw new HttpError(401, "Unauthorized");
  if (req.method !== "POST") throw new HttpError(405, "ERR only POST is supported", { Allow: "POST" });
  const route = routeOf(req.url ?? "/");
  const body = parseJsonBody(await readBody(req));
  const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
  switch (route) {
    case "command": {
      const [reply = null] = await ctx.runner.pipeline([parseCommand(body)]);
      const outcome = toOutcome(reply, base64);
      return sendJson(res, "error" in outcome ? 400 : 200, outcome);
    }
    case "pipeline":
    case "multi-exec": {
      // The same list of commands; /multi-exec runs it as one MULTI/EXEC transaction.
      const commands = parseCommandList(body);
      const replies = await (route === "pipeline" ? ctx.runner.pipeline(commands) : ctx.runner.transaction(commands));
      return sendJson(
        res,
        200,
        replies.map((reply) => toOutcome(reply, base64)),
      );
    }
  }
}

/**
 * Path-style commands (`/get/key`) are not served: @upstash/redis only uses them for SUBSCRIBE and
 * PSUBSCRIBE, which the policy refuses anyway, so those get the policy's answer.
 */
function routeOf(rawUrl: string): Route {
  const path = new URL(rawUrl, "http://upstash-proxy.invalid").pathname.replace(/\/+$/, "");
  if (path === "") return "command";
  if (path === "/pipeline") return "pipeline";
  if (path === "/multi-exec") return "multi-exec";
  const command = safeDecode(path.split("/")[1] ?? "");
  throw new HttpError(
    400,
    refusalReason([command]) ?? "ERR path-style commands are not supported by the local Upstash proxy; POST a JSON command to /",
  );
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
