import { runService } from "../../shared/node/run-service.js";
import { parseDeadLetterConfig } from "./config.js";
import { startDeadLetterHandler } from "./handler.js";

runService({
  name: "dead-letter",
  parseConfig: parseDeadLetterConfig,
  start: ({ nats, log, registry }) => startDeadLetterHandler({ nats: nats.nc, log, registry }),
});
