import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { AppError } from "../../shared/errors.js";
import type { EdgeConfig } from "../../shared/config/index.js";
import type { EdgePorts } from "../ports/index.js";
import type { EdgeEnv } from "./env.js";

export interface RequestContextSource<Bindings extends object = object> {
  /** Ports for this request: built once per isolate or process by the runtime entry. */
  ports: (c: { env: Bindings }) => EdgePorts | Promise<EdgePorts>;
  /** The caller's network address as the runtime's adapter reports it (login rate limits key on it); runs once `ports` is set. */
  clientAddress: (c: Context<EdgeEnv>) => string;
}

export const injectContext = <Bindings extends object>(source: RequestContextSource<Bindings>) =>
  createMiddleware<EdgeEnv>(async (c, next) => {
    // Hono cannot know what the runtime handed to fetch() as the env; the entry that built `source` names it.
    c.set("ports", await source.ports({ env: c.env as Bindings }));
    c.set("clientAddress", source.clientAddress(c) || "unknown");
    await next();
  });

const perConfig = <T>(build: (config: EdgeConfig) => T) => {
  const cache = new WeakMap<EdgeConfig, T>();
  return (config: EdgeConfig) => {
    let value = cache.get(config);
    if (!value) cache.set(config, (value = build(config)));
    return value;
  };
};

/** CORS from the configured allow-list only; an origin not on it gets no CORS headers at all. */
const corsFor = perConfig((config) =>
  cors({
    origin: (origin) => (config.CORS_ORIGINS.includes(origin) ? origin : null),
    credentials: true,
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "X-Request-Id"],
    exposeHeaders: ["X-Request-Id", "Retry-After", "ETag"],
    maxAge: 600,
  }),
);

const limitFor = perConfig((config) =>
  bodyLimit({
    maxSize: config.MAX_BODY_BYTES,
    onError: () => {
      throw new AppError("payload_too_large", `The request body may not exceed ${config.MAX_BODY_BYTES} bytes.`);
    },
  }),
);

export const corsFromConfig: MiddlewareHandler<EdgeEnv> = (c, next) => corsFor(c.var.ports.config)(c, next);
export const bodyLimitFromConfig: MiddlewareHandler<EdgeEnv> = (c, next) => limitFor(c.var.ports.config)(c, next);

/** One structured line per request; the path only, since query strings may carry signatures. */
export const accessLog = createMiddleware<EdgeEnv>(async (c, next) => {
  const started = Date.now();
  await next();
  c.var.ports.log.info("request", {
    request_id: c.get("requestId" as never),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    duration_ms: Date.now() - started,
  });
});
