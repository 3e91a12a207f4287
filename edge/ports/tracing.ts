import type { Tracer } from "@opentelemetry/api";

export interface EdgeTracing {
  tracer: Tracer;
  /** Exports what has ended; on Workers the request hands this to `waitUntil`. */
  flush(): Promise<void>;
}
