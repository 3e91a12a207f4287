export { startEncoderWorker, type EncoderWorkerOptions, type RunningEncoderWorker } from "./worker.js";
export { encoderConfigSchema, parseEncoderConfig, type EncoderConfig } from "./config.js";
export {
  ensureEncoderTopology,
  consumerInfo,
  desiredConsumerConfig,
  type ConsumerOutcome,
  type EncoderConsumerSettings,
} from "./consumer.js";
export { createEncoderMetrics, type EncoderMetrics } from "./metrics.js";
export { OUTCOMES, type Outcome } from "./job-types.js";
export { encodedMsgId } from "./publish-stage.js";
