export { startDeadLetterHandler, type DeadLetterHandlerOptions, type RunningDeadLetterHandler } from "./handler.js";
export { deadLetterConfigSchema, parseDeadLetterConfig, type DeadLetterConfig } from "./config.js";
export { ADVISORIES_STREAM, DEAD_LETTER_CONSUMER, ensureAdvisoriesStream } from "./advisories-stream.js";
export { DLQ_HEADERS, DLQ_REASON, deadLetterSubject, moveToDeadLetters, type MoveOutcome } from "./move-job.js";
export { createDeadLetterMetrics, type DeadLetterMetrics } from "./metrics.js";
