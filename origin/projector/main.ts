import { runService } from "../../shared/node/run-service.js";
import { parseProjectorConfig } from "./config.js";
import { startProjector } from "./projector.js";

runService({
  name: "projector",
  parseConfig: parseProjectorConfig,
  start: ({ config, nats, log, registry }) => {
    const projector = startProjector({ databaseUrl: config.DATABASE_URL, nats: nats.nc, log, registry });
    return {
      stop: () => projector.stop(),
      checks: () => ({ consuming: projector.checks().consuming }),
      // A database outage is not fixed by a restart: it only takes the projector out of readiness.
      readiness: () => projector.checks(),
    };
  },
});
