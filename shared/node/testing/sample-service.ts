import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { intFromEnv, parseConfig } from "../../config/parse-config.js";
import { runService } from "../run-service.js";
import { baseServiceConfig, metricsPortFromEnv } from "../service-config.js";

/** A service with nothing of its own but a stop of a chosen length, for run-service.int.test.ts. */
const sampleConfigSchema = baseServiceConfig.omit({ NATS_URL: true, JETSTREAM_REPLICAS: true }).extend({
  METRICS_PORT: metricsPortFromEnv(0),
  SAMPLE_STOP_MS: intFromEnv(0, 60_000),
  SAMPLE_STOP_DEADLINE_MS: intFromEnv(1, 60_000),
  SAMPLE_START: z.enum(["ok", "fail"]).default("ok"),
  SAMPLE_STOP: z.enum(["ok", "fail"]).default("ok"),
});

runService({
  name: "sample",
  parseConfig: (env) => parseConfig(sampleConfigSchema, env),
  stopDeadlineMs: (config) => config.SAMPLE_STOP_DEADLINE_MS,
  start: ({ config, log }) => {
    if (config.SAMPLE_START === "fail") throw new Error("sample refused to start");
    log.info("sample started");
    return {
      stop: async () => {
        log.info("sample stopping");
        await sleep(config.SAMPLE_STOP_MS);
        if (config.SAMPLE_STOP === "fail") throw new Error("sample could not stop");
        log.info("sample stopped");
      },
      checks: () => ({ sample: true }),
    };
  },
});
