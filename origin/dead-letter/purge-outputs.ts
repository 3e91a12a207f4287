import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/transport-node";
import type { Span } from "@opentelemetry/api";
import type { DeleteJob } from "../../shared/contracts/jobs.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import { traceFieldsOf, writeTrace } from "../../shared/telemetry/index.js";

/** The message id of a video's purge: one per video, so a move repeated after a crash queues no second one. */
export const purgeMsgId = (videoId: string) => `${videoId}:purge-outputs`;

/**
 * Queues `jobs.delete` with scope `outputs` for a video whose encoding gave up. Its last attempt may have
 * died with a live manifest half written, which nothing else would ever remove; the source stays, for an
 * operator to look at.
 */
export async function publishOutputsPurge(
  js: JetStreamClient,
  video: { video_id: string; owner_id: string; trace: DeleteJob["trace"] },
  span: Span,
): Promise<void> {
  // Without a tracer the span is invalid (no headers on the job): the body's context is the best left.
  const spanTrace = traceFieldsOf(span.spanContext());
  const job: DeleteJob = {
    video_id: video.video_id,
    scope: "outputs",
    owner_id: video.owner_id,
    requested_at: new Date().toISOString(),
    trace: spanTrace.traceparent ? spanTrace : video.trace,
  };
  const headers = natsHeaders();
  writeTrace(headers, span.spanContext());
  await js.publish(SUBJECTS.delete, JSON.stringify(job), { msgID: purgeMsgId(video.video_id), headers });
}
