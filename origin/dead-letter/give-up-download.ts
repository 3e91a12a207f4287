import type { StoredMsg } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/transport-node";
import type { Span } from "@opentelemetry/api";
import { DOWNLOAD_FAILURES, downloadRequest, type DownloadRequest } from "../../shared/contracts/downloads.js";
import { downloadFailedMsgId, eventSubject, type DownloadFailedEvent } from "../../shared/contracts/events.js";
import { traceFieldsOf, writeTrace } from "../../shared/telemetry/index.js";
import type { MaxDeliveriesAdvisory } from "./advisory.js";
import type { MoveDeps } from "./move-job.js";

/**
 * The request of a download job that gave up: failed, with the viewer's sentence, so its Download menu
 * stops waiting and offers to try again. The same msg id as the downloader's own failure of this request,
 * and the projector applies it only while that request is the latest: repeating it changes nothing.
 */
export async function giveUpOnDownload(deps: MoveDeps, job: StoredMsg, advisory: MaxDeliveriesAdvisory, span: Span): Promise<void> {
  const request = requestOf(job);
  if (!request) {
    deps.log.error("dead-lettered download job names no request; no failed event", { stream_seq: advisory.stream_seq });
    return;
  }
  // Without a tracer the span is invalid (no headers on the job): the body's context is the best left.
  const spanTrace = traceFieldsOf(span.spanContext());
  const event: DownloadFailedEvent = {
    video_id: request.video_id,
    revision: request.revision,
    rendition: request.rendition,
    requested_at: request.requested_at,
    code: "max_deliveries",
    reason: DOWNLOAD_FAILURES.max_deliveries,
    at: new Date().toISOString(),
    trace: spanTrace.traceparent ? spanTrace : request.trace,
  };
  const headers = natsHeaders();
  writeTrace(headers, span.spanContext());
  await deps.js.publish(eventSubject("download_failed"), JSON.stringify(event), { msgID: downloadFailedMsgId(event), headers });
}

function requestOf(job: StoredMsg): DownloadRequest | undefined {
  try {
    const parsed = downloadRequest.safeParse(JSON.parse(job.string()));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
