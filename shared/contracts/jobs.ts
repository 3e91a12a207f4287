import { z } from "zod";

/** W3C trace context, so one trace runs from the upload request to the catalog update. */
export const traceContext = z.object({ traceparent: z.string().optional(), tracestate: z.string().optional() });

/** `jobs.encode`: written by the edge into the outbox, relayed to JetStream, taken by an encoder. */
export const encodeJob = z.object({
  video_id: z.string().min(1),
  owner_id: z.string().min(1),
  source_key: z.string().min(1),
  content_type: z.string().min(1),
  size_bytes: z.number().int().nonnegative(),
  requested_at: z.iso.datetime({ offset: true }),
  trace: traceContext.default({}),
});

/**
 * `jobs.delete`: remove a video's files from storage. `video` (a deleted video): source and outputs;
 * `outputs` (a video whose encoding failed for good): only what encoders wrote, so no half-written
 * manifest outlives the attempt that wrote it.
 */
export const deleteJob = z.object({
  video_id: z.string().min(1),
  scope: z.enum(["video", "outputs"]).default("video"),
  owner_id: z.string().min(1),
  requested_at: z.iso.datetime({ offset: true }),
  trace: traceContext.default({}),
});

export type EncodeJob = z.infer<typeof encodeJob>;
export type DeleteJob = z.infer<typeof deleteJob>;
