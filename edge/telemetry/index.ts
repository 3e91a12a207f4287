export { currentTrace } from "./current-trace.js";
export { createEdgeTracing } from "./edge-tracing.js";
export { traceRequests } from "./trace-requests.js";
