import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type PubAck, type StoredMsg } from "@nats-io/jetstream";
import { connect, headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, inject } from "vitest";
import { parseConfig } from "../../../shared/config/parse-config.js";
import { storageConfigSchema, type StorageConfig } from "../../../shared/config/storage-config.js";
import { createLogger, type Logger } from "../../../shared/logger.js";
import { connectNats, type NatsLink } from "../../../shared/node/index.js";
import { createS3Client } from "../../../shared/storage/s3-client.js";
import { createPrivateNats, type PrivateNats } from "../../../local/testing/private-nats.js";
import type { EncoderWorkerOptions } from "../index.js";
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

  /** The attempt numbers of the "job started" lines about `videoId`, in order. */
  attempts(videoId: string): unknown[] {
    return this.about(videoId)
      .filter((l) => l.message === "job started")
      .map((l) => l.attempt);
  }
}

/** What an integration test of the worker runs against; the fields are set in beforeAll. */
export interface TestBed {
  /** A private NATS server, so tests in other files never see this file's jobs. */
  nats: PrivateNats;
  /** The connection a worker runs on (absent with `link: false`). */
  link: NatsLink;
  probe: NatsProbe;
  /** The local stack's storage and a client for it. */
  storage: StorageConfig;
  s3: S3Client;
  logs: LogCapture;
  log: Logger;
  /** A folder of this file's own, removed in afterAll. */
  scratch: string;
}

/**
 * Registers beforeAll/afterAll hooks that start a test bed and close it; the bed's fields are set once
 * beforeAll has run. `name` names the logger, the NATS connection and the scratch folder.
 */
export function useTestBed(opts: { name: string; logLevel?: "debug" | "info"; link?: boolean }): TestBed {
  const logs = new LogCapture();
  const bed = {
    logs,
    log: createLogger(opts.name, { level: opts.logLevel ?? "debug", write: logs.write }),
    storage: parseConfig(storageConfigSchema, inject("stackEnv")),
  } as TestBed;
  beforeAll(async () => {
    bed.nats = await createPrivateNats();
    await bed.nats.start();
    const link = opts.link === false ? undefined : connectNats({ servers: [bed.nats.url], name: opts.name, log: bed.log });
    [bed.probe, bed.link] = (await Promise.all([NatsProbe.connect(bed.nats.url), link])) as [NatsProbe, NatsLink];
    bed.s3 = createS3Client(bed.storage);
    bed.scratch = await mkdtemp(join(tmpdir(), `${opts.name}-`));
  });
  afterAll(async () => {
    await bed.probe?.close();
    await bed.link?.close();
    bed.s3?.destroy();
    await bed.nats?.destroy();
    if (bed.scratch) await rm(bed.scratch, { recursive: true, force: true });
  });
  return bed;
}

/** A worker's options on the bed: one job at a time, a short ack_wait, fast retries and progress; `overrides` win. */
export function workerOptions(bed: TestBed, tmpDir: string, overrides: Partial<EncoderWorkerOptions> = {}): EncoderWorkerOptions {
  return {
    nats: bed.link.nc,
    s3: bed.s3,
    bucket: bed.storage.S3_BUCKET,
    log: bed.log,
    concurrency: 1,
    consumer: { ackWaitMs: 3_000, maxDeliver: 5, maxAckPending: 64 },
    heartbeatMs: 750,
    tmpDir,
    stopGraceMs: 30_000,
    retryDelaysMs: [500, 1_000],
    progressIntervalMs: 250,
    ...overrides,
  };
}
