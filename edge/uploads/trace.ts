/** The caller's W3C trace context, kept on the outbox row so the trace continues in the origin. */
export function traceFrom(header: (name: string) => string | undefined): Record<string, string> {
  const trace: Record<string, string> = {};
  const traceparent = header("traceparent");
  if (traceparent && /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/.test(traceparent)) trace.traceparent = traceparent;
  const tracestate = header("tracestate");
  if (trace.traceparent && tracestate && tracestate.length <= 512) trace.tracestate = tracestate;
  return trace;
}
