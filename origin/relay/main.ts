import { runService } from "../../shared/node/run-service.js";
import { parseRelayConfig } from "./config.js";
import { startRelay } from "./relay.js";

// runService declares the streams before starting it: publishing before they exist would only fill rows with errors.
runService({
  name: "relay",
  parseConfig: parseRelayConfig,
  start: ({ config, nats, log, registry }) =>
    startRelay({
      databaseUrl: config.DATABASE_URL,
      nats: nats.nc,
      log,
      batchSize: config.RELAY_BATCH_SIZE,
      pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
      registry,
    }),
});
