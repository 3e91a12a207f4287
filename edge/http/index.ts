export type { EdgeEnv } from "./env.js";
export { handleError, handleNotFound } from "./error-handler.js";
export { matchedRoute } from "./matched-route.js";
export { methodNotAllowed } from "./method-not-allowed.js";
export { METRICS_PATH } from "./metrics-path.js";
export { accessLog, bodyLimitFromConfig, corsFromConfig, injectContext, type RequestContextSource } from "./middleware.js";
export { bearerSecurity, errorResponse, jsonBody, jsonResponse } from "./openapi.js";
export { edgeRoutes } from "./validation.js";
