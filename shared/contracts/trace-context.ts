import { z } from "zod";

/** W3C trace context, so one trace runs from the upload request to the projector's update. */
export const traceContext = z.object({ traceparent: z.string().optional(), tracestate: z.string().optional() });
