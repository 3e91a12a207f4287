export { startCatalogProjector, type CatalogProjectorOptions, type RunningCatalogProjector } from "./projector.js";
export { projectorConfigSchema, parseProjectorConfig, type ProjectorConfig } from "./config.js";
export { applyEvent, playableOutputs, toOutputs, type ApplyOutcome } from "./apply-event.js";
export { parseEvent, type CatalogEvent, type ParsedEvent } from "./parse-event.js";
export { createCatalogMetrics, type CatalogMetrics, type EventOutcome } from "./metrics.js";
