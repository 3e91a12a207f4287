import { createServer } from "node:http";
import { closeServer, listen, type Listening } from "../http/listen.js";
import { withLatency } from "../http/simulated-latency.js";
import { bearerTokenCheck } from "./auth.js";
import { createRequestHandler } from "./handle-request.js";
import { ScriptRegistry } from "./lua-scripts.js";
import { parseRedisUrl, RedisLink } from "./redis-link.js";
import { CommandRunner } from "./run-commands.js";

export interface UpstashProxyOptions {
  /** Interface to listen on; defaults to 127.0.0.1 so the proxy is not reachable from the network. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Plain Redis behind the proxy, e.g. `redis://127.0.0.1:6379` (optionally with a password and a /db). */
  redisUrl: string;
  /** The bearer token clients must present, i.e. UPSTASH_REDIS_REST_TOKEN. */
  token: string;
  /** Each request (one command, or one whole pipeline) is answered this many milliseconds late, as from a far region (default 0). */
  latencyMs?: number;
}

export interface RunningUpstashProxy {
  /** Base URL for UPSTASH_REDIS_REST_URL, e.g. `http://127.0.0.1:4445`. */
  url: string;
  port: number;
  /** Closes the listener, in-flight and keep-alive connections and every Redis connection. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts a local stand-in for Upstash's REST endpoint in front of plain Redis, so @upstash/redis
 * and @upstash/ratelimit run unchanged apart from url and token. Rejects if Redis cannot be reached.
 */
export async function startUpstashProxy(opts: UpstashProxyOptions): Promise<RunningUpstashProxy> {
  if (opts.token === "") throw new Error("upstash-proxy: token must not be empty");
  const host = opts.host ?? "127.0.0.1";
  const link = new RedisLink(parseRedisUrl(opts.redisUrl));
  const server = createServer(
    withLatency(
      opts.latencyMs ?? 0,
      createRequestHandler({ isAuthorized: bearerTokenCheck(opts.token), runner: new CommandRunner(link, new ScriptRegistry()) }),
    ),
  );
  let listening: Listening;
  try {
    await link.shared();
    listening = await listen(server, opts.port, host);
  } catch (error) {
    link.close();
    throw new Error(`upstash-proxy: failed to start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    const serverClosed = closeServer(server);
    link.close();
    await serverClosed;
  };

  return { ...listening, close: () => (closing ??= close()) };
}
