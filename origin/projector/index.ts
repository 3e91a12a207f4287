export { startProjector, type ProjectorOptions, type RunningProjector } from "./projector.js";
export { projectorConfigSchema, parseProjectorConfig, type ProjectorConfig } from "./config.js";
export { applyEvent, playableOutputs, toOutputs, type ApplyOutcome } from "./apply-event.js";
export { parseEvent, type VideoEvent, type ParsedEvent } from "./parse-event.js";
export { createProjectorMetrics, type ProjectorMetrics, type EventOutcome } from "./metrics.js";
