export { createEdgeHttpMetrics, type EdgeHttpMetrics } from "./http-metrics.js";
