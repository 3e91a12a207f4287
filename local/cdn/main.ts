import { runService } from "../../shared/node/run-service.js";
import { startCdnEmulator } from "./cdn-emulator.js";
import { parseCdnConfig } from "./config.js";

// Past this, shutdown gives up on a clean stop: a player holding a long download must not block it.
const STOP_DEADLINE_MS = 10_000;

runService({
  name: "cdn",
  parseConfig: parseCdnConfig,
  stopDeadlineMs: () => STOP_DEADLINE_MS,
  start: async ({ config, log, registry }) => {
    const cdn = await startCdnEmulator({
      host: config.CDN_HOST,
      port: config.CDN_PORT,
      ...(config.CDN_PUBLIC_BASE_URL !== undefined && { publicBaseUrl: config.CDN_PUBLIC_BASE_URL }),
      storage: config,
      trustedKeys: config.CDN_TRUSTED_KEYS,
      corsOrigins: config.CDN_CORS_ORIGINS,
      log,
      registry,
    });
    return { stop: () => cdn.close() };
  },
});
