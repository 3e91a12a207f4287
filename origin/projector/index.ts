export { startCatalogProjector, type CatalogProjectorOptions, type RunningCatalogProjector } from "./projector.js";
export { catalogConfigSchema, parseCatalogConfig, type CatalogConfig } from "./config.js";
export { applyEvent, playableOutputs, toOutputs, type ApplyOutcome } from "./apply-event.js";
export { parseEvent, type VideoEvent, type ParsedEvent } from "./parse-event.js";
export { createProjectorMetrics, type ProjectorMetrics, type EventOutcome } from "./metrics.js";
