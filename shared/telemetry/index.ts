export { traceFieldsOf, type TraceFields } from "./traceparent.js";
export { contextFrom, recordCarrier, TRACE_HEADERS, writeTrace, type HeaderReader, type HeaderWriter } from "./carriers.js";
export { OtlpHttpJsonExporter, parseOtlpHeaders } from "./otlp-http-exporter.js";
export { markFailed } from "./span-status.js";
