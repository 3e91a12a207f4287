import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type PubAck, type StoredMsg } from "@nats-io/jetstream";
import { connect, headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import { randomBytes } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { EncodedEvent, FailedEvent, PlayableEvent, ProgressEvent } from "../../../shared/contracts/events.js";
import type { EncodeJob } from "../../../shared/contracts/video-lifecycle.js";
import { CONSUMERS, STREAMS, SUBJECTS } from "../../../shared/messaging/topology.js";
import { ensureStreams } from "../../../shared/node/streams.js";
import { storageKeys } from "../../../shared/storage-keys.js";

export const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

export const newVideoId = () => `vid_${randomBytes(13).toString("hex").slice(0, 26)}`;

export type VideoEvent =
  | { type: "progress"; seq: number; msgId: string | undefined; traceparent: string | undefined; body: ProgressEvent }
  | { type: "playable"; seq: number; msgId: string | undefined; traceparent: string | undefined; body: PlayableEvent }
  | { type: "encoded"; seq: number; msgId: string | undefined; traceparent: string | undefined; body: EncodedEvent }
  | { type: "failed"; seq: number; msgId: string | undefined; traceparent: string | undefined; body: FailedEvent };

/** A test's view of NATS: publish jobs, read events and consumer state without consuming anything. */
export class NatsProbe {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
  ) {}

  static async connect(url: string): Promise<NatsProbe> {
    const nc = await connect({ servers: url });
    const jsm = await jetstreamManager(nc);
    await ensureStreams(jsm);
    return new NatsProbe(nc, jetstream(nc), jsm);
  }

  /** Publishes an encode job body (or any bytes) to `jobs.encode`. */
  publishJob(body: EncodeJob | string, msgID = `obx_${randomBytes(8).toString("hex")}`): Promise<PubAck> {
    const h = natsHeaders();
    h.set("traceparent", TRACEPARENT);
    return this.js.publish(SUBJECTS.encode, typeof body === "string" ? body : JSON.stringify(body), { msgID, headers: h });
  }

  /** Every event in VIDEO_EVENTS about `videoId`, in stream order (read by sequence, not consumed). */
  async eventsFor(videoId: string): Promise<VideoEvent[]> {
    const { state } = await this.jsm.streams.info(STREAMS.events.name);
    const out: VideoEvent[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const msg: StoredMsg | null = await this.jsm.streams.getMessage(STREAMS.events.name, { seq }).catch(() => null);
      if (!msg) continue;
      const body = msg.json<{ video_id: string }>();
      if (body.video_id !== videoId) continue;
      const type = msg.subject.split(".").pop() as VideoEvent["type"];
      out.push({
        type,
        seq,
        msgId: msg.header?.get("Nats-Msg-Id") || undefined,
        traceparent: msg.header?.get("traceparent") || undefined,
        body,
      } as VideoEvent);
    }
    return out;
  }

  /** Waits for an event of `type` about `videoId`; returns all events about it at that moment. */
  async waitForEvent(videoId: string, type: VideoEvent["type"], timeoutMs: number): Promise<VideoEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = await this.eventsFor(videoId);
      if (events.some((e) => e.type === type)) return events;
      if (Date.now() > deadline)
        throw new Error(`no ${type} event for ${videoId} after ${timeoutMs} ms; saw ${events.map((e) => e.type).join(",") || "none"}`);
      await sleep(100);
    }
  }

  consumerInfo() {
    return this.jsm.consumers.info(CONSUMERS.encoder.stream, CONSUMERS.encoder.durable);
  }

  /** Whether the stream still holds the job (a work-queue stream deletes acked and terminated messages). */
  async jobStillStored(seq: number): Promise<boolean> {
    return (await this.jsm.streams.getMessage(STREAMS.jobs.name, { seq }).catch(() => null)) !== null;
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}

export async function uploadSource(s3: S3Client, bucket: string, videoId: string, path: string): Promise<EncodeJob> {
  const body = await readFile(path);
  const key = storageKeys.source(videoId);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "video/mp4" }));
  return encodeJobFor(videoId, body.length);
}

export function encodeJobFor(videoId: string, sizeBytes: number): EncodeJob {
  return {
    video_id: videoId,
    owner_id: "usr_test",
    source_key: storageKeys.source(videoId),
    content_type: "video/mp4",
    size_bytes: sizeBytes,
    requested_at: new Date().toISOString(),
    trace: { traceparent: TRACEPARENT },
  };
}

export interface StoredObject {
  key: string;
  contentType: string | undefined;
  cacheControl: string | undefined;
  size: number | undefined;
}

/** Every object under `videos/<videoId>/` with the headers it is served with. */
export async function outputsOf(s3: S3Client, bucket: string, videoId: string): Promise<StoredObject[]> {
  const prefix = storageKeys.outputPrefix(videoId);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ""));
    token = page.NextContinuationToken;
  } while (token);
  return Promise.all(
    keys.sort().map(async (key) => {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { key, contentType: head.ContentType, cacheControl: head.CacheControl, size: head.ContentLength };
    }),
  );
}

/** Entries left in a worker's temp directory. */
export const leftovers = (dir: string) => readdir(dir);

/** Collects log lines, for asserting what a worker said about a job. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly write = (line: string): void => {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  };
  about(videoId: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l.video_id === videoId);
  }
}
