import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { authRoutes, authSessionRoutes } from "./auth/routes.js";
import { jwksRoutes } from "./auth/jwks-route.js";
import { healthRoutes } from "./health/routes.js";
import type { EdgeEnv } from "./http/env.js";
import { handleError, handleNotFound } from "./http/error-handler.js";
import { accessLog, bodyLimitFromConfig, corsFromConfig, injectContext, type RequestContextSource } from "./http/middleware.js";
import { catalogRoutes } from "./catalog/routes.js";
import { playbackRoutes } from "./playback/routes.js";
import { timeRoutes } from "./time/routes.js";
import { uploadRoutes } from "./uploads/routes.js";
import { userRoutes } from "./users/routes.js";
import { traceRequests } from "./telemetry/trace-requests.js";
import { METRICS_PATH } from "./http/metrics-path.js";
import { webAppRoutes, type WebFiles } from "./web/static-site.js";

export type { RequestContextSource } from "./http/middleware.js";

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
export function createApp(source: RequestContextSource, web?: { files: WebFiles }, extensions: AppExtensions = {}) {
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
  app.route("/", playbackRoutes);
  app.route("/", timeRoutes);
  app.route("/", catalogRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "VOD platform edge API", version: "0.1.0", description: "Every JSON body is {message, data}." },
  });

  // Before the web app's catch-all, which would answer it with index.html.
  if (extensions.metrics) app.get(METRICS_PATH, extensions.metrics);
  if (web) app.route("/", webAppRoutes(web.files));

  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

export type EdgeApp = ReturnType<typeof createApp>;
