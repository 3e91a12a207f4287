import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { authRoutes, authSessionRoutes, jwksRoutes } from "./auth/index.js";
import { healthRoutes } from "./health/index.js";
import {
  accessLog,
  bodyLimitFromConfig,
  corsFromConfig,
  handleError,
  handleNotFound,
  injectContext,
  METRICS_PATH,
  methodNotAllowed,
  OPENAPI_DOCUMENT,
  OPENAPI_PATH,
  type EdgeEnv,
  type RequestContextSource,
} from "./http/index.js";
import { captionRoutes } from "./captions/index.js";
import { catalogRoutes } from "./catalog/index.js";
import { downloadRoutes } from "./downloads/index.js";
import { playbackRoutes } from "./playback/index.js";
import { timeRoutes } from "./time/index.js";
import { uploadRoutes } from "./uploads/index.js";
import { userRoutes } from "./users/index.js";
import { traceRequests } from "./telemetry/index.js";
import { webAppRoutes, type WebFiles } from "./web/index.js";

export type { RequestContextSource } from "./http/index.js";

/** What a runtime entry adds: on Node and Bun, Prometheus request metrics and their scrape endpoint. */
export interface AppExtensions {
  middleware?: MiddlewareHandler<EdgeEnv>[];
  /** Answers `GET /metrics`. */
  metrics?: (c: Context<EdgeEnv>) => Promise<Response>;
}

/**
 * The whole edge API, independent of the runtime: entries hand in how to get ports and addresses, and
 * (Node, Bun, Deno) how to read the web app's files. Workers serve those files before the app runs.
 */
export function createApp<Bindings extends object = object>(
  source: RequestContextSource<Bindings>,
  web?: { files: WebFiles },
  extensions: AppExtensions = {},
) {
  const app = new OpenAPIHono<EdgeEnv>();
  // First, so they see every request whole, including the ones the middleware below turns away.
  for (const middleware of extensions.middleware ?? []) app.use(middleware);
  app.use(requestId());
  app.use(injectContext(source));
  app.use(traceRequests);
  app.use(secureHeaders());
  app.use(corsFromConfig);
  app.use(accessLog);
  app.use(bodyLimitFromConfig);

  app.route("/", healthRoutes);
  app.route("/", jwksRoutes);
  app.route("/", authRoutes);
  app.route("/", authSessionRoutes);
  app.route("/", userRoutes);
  app.route("/", uploadRoutes);
  app.route("/", captionRoutes);
  app.route("/", playbackRoutes);
  app.route("/", timeRoutes);
  app.route("/", catalogRoutes);
  app.route("/", downloadRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.doc31(OPENAPI_PATH, OPENAPI_DOCUMENT);

  // Before the web app's catch-all, which would answer it with index.html.
  if (extensions.metrics) app.get(METRICS_PATH, extensions.metrics);
  if (web) app.route("/", webAppRoutes(web.files));

  app.onError(handleError);
  app.notFound(methodNotAllowed(app.routes, handleNotFound));
  return app;
}

export type EdgeApp = ReturnType<typeof createApp>;
