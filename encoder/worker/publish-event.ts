import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import {
  eventSubject,
  type DownloadFailedEvent,
  type EncodedEvent,
  type EventType,
  type FailedEvent,
  type PlayableEvent,
  type ProgressEvent,
} from "../../shared/contracts/events.js";
import type { EncodeJob } from "../../shared/contracts/video-lifecycle.js";
import { TRACE_HEADERS } from "../../shared/telemetry/index.js";

export type TraceContext = EncodeJob["trace"];

interface EventPayloads {
  progress: ProgressEvent;
  playable: PlayableEvent;
  encoded: EncodedEvent;
  failed: FailedEvent;
  download_failed: DownloadFailedEvent;
}

export interface PublishEventOptions {
  /** `Nats-Msg-Id`: a resend within the stream's duplicate window is stored once. */
  msgID?: string;
  timeoutMs: number;
}

/**
 * Publishes one video event and resolves with its PubAck: only a stored event counts, because a
 * publish made while disconnected is not resent on reconnect. The trace context travels both in
 * the body (for the projector) and as headers (for anything that reads headers only).
 */
export function publishEvent<T extends EventType>(
  js: JetStreamClient,
  type: T,
  event: EventPayloads[T],
  opts: PublishEventOptions,
): Promise<PubAck> {
  return js.publish(eventSubject(type), JSON.stringify(event), {
    headers: traceHeaders(event.trace),
    timeout: opts.timeoutMs,
    ...(opts.msgID && { msgID: opts.msgID }),
  });
}

function traceHeaders(trace: TraceContext): MsgHdrs | undefined {
  const h = natsHeaders();
  let any = false;
  for (const name of TRACE_HEADERS) {
    const value = trace[name];
    if (value) {
      h.set(name, value);
      any = true;
    }
  }
  return any ? h : undefined;
}
