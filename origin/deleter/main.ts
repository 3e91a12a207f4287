import { runService } from "../../shared/node/run-service.js";
import { parseDeleterConfig } from "./config.js";
import { startVideoDeleter } from "./deleter.js";

runService({
  name: "deleter",
  parseConfig: parseDeleterConfig,
  start: ({ config, nats, log, registry }) => startVideoDeleter({ nats: nats.nc, storage: config, log, registry }),
});
