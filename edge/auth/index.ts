export type { AccessClaims } from "./access-tokens.js";
export { optionalUser, requireUser, requireUserReadsFirst, signedIn } from "./guard.js";
export { jwksRoutes } from "./jwks-route.js";
export { createKeyRing } from "./key-ring.js";
export { authRoutes, authSessionRoutes } from "./routes.js";
