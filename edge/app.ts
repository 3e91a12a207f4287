import { OpenAPIHono } from "@hono/zod-openapi";
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
import { uploadRoutes } from "./uploads/routes.js";
import { userRoutes } from "./users/routes.js";

export type { RequestContextSource } from "./http/middleware.js";

/** The whole edge API, independent of the runtime: entries hand in how to get ports and addresses. */
export function createApp(source: RequestContextSource) {
  const app = new OpenAPIHono<EdgeEnv>();
  app.use(requestId());
  app.use(injectContext(source));
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
  app.route("/", catalogRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "VOD platform edge API", version: "0.1.0", description: "Every JSON body is {message, data}." },
  });

  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

export type EdgeApp = ReturnType<typeof createApp>;
