export { startCdnEmulator, type CdnEmulatorOptions, type RunningCdn } from "./cdn-emulator.js";
export { verifySignedUrl, createSignedUrlVerifier, type SignedUrlVerifier, type RequestFacts, type Verdict } from "./verify-signed-url.js";
export { loadTrustedKeys, type TrustedKey, type TrustedKeyMap } from "./trusted-keys.js";
export { DENIED_REASON_HEADER } from "./error-response.js";
export type { CorsOrigins } from "./cors.js";
export { createCdnMetrics, CDN_OUTCOMES, type CdnMetrics, type CdnOutcome } from "./metrics.js";
export { cdnConfigSchema, parseCdnConfig, type CdnConfig } from "./config.js";
