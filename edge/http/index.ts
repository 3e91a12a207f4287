export type { EdgeEnv } from "./env.js";
export { handleError, handleNotFound } from "./error-handler.js";
export { matchedRoute } from "./matched-route.js";
export { methodNotAllowed } from "./method-not-allowed.js";
export { METRICS_PATH } from "./metrics-path.js";
export { inBackground } from "./background.js";
export { CACHE_STATUS_HEADER, cacheOutcomeOf } from "./cache-status.js";
export { accessLog, bodyLimitFromConfig, corsFromConfig, injectContext, type RequestContextSource } from "./middleware.js";
export {
  API_TAGS,
  bearerSecurity,
  optionalBearerSecurity,
  errorResponse,
  errorResponses,
  jsonBody,
  jsonResponse,
  OPENAPI_DOCUMENT,
  OPENAPI_PATH,
  undocumented,
  type ApiTag,
  type ErrorStatus,
} from "./openapi.js";
export { edgeRoutes } from "./validation.js";
