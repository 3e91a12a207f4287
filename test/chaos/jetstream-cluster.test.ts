import { makeClip } from "../../encoder/media/test-media.js";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listRevisions } from "../../encoder/publish/index.js";
import { originServices, startOriginServices } from "../../local/launcher/origin-processes.js";
import type { Managed } from "../../local/launcher/processes.js";
import { freePort } from "../../local/testing/free-port.js";
import { createNatsCluster, type ClusterNode, type NatsCluster } from "../../local/testing/nats-cluster.js";
import { prepareTestDatabase } from "../../local/testing/test-database.js";
import { parseConfig } from "../../shared/config/parse-config.js";
import { storageConfigSchema } from "../../shared/config/storage-config.js";
import type { EncodeJob } from "../../shared/contracts/video-lifecycle.js";
import { newId } from "../../shared/ids.js";
import { CONSUMERS, STREAMS, SUBJECTS } from "../../shared/messaging/topology.js";
import { DESIRED_STREAMS } from "../../shared/node/streams.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { storageKeys } from "../../shared/storage-keys.js";

/**
 * The origin against a 3-node JetStream cluster with every stream at R3, under the faults NATS's own
 * chaos tests (jetstream_chaos_test.go) inflict: the JOBS stream leader killed, then the `encoder`
 * consumer leader killed, then a whole node stopped and brought back, each while uploads arrive. Every
 * upload must end ready, once, and the pool must move again within STALL_LIMIT_MS of each fault.
 */
const DATABASE = "vod_chaos_test";
const REPLICAS = 3;
const STALL_LIMIT_MS = 10_000;
const WAVES = [8, 6, 6, 4];
const READY_TIMEOUT_MS = 120_000;
const STEP_TIMEOUT_MS = 30_000;
// Two encoders with two slots each: a fault with two jobs left keeps encodes in flight and pulls waiting.
const ENCODER_CONCURRENCY = 2;
const IN_FLIGHT_AT_FAULT = 2;

const storage = parseConfig(storageConfigSchema, inject("stackEnv"));
let cluster: NatsCluster;
let nc: NatsConnection;
let jsm: JetStreamManager;
let db: pg.Client;
let s3: S3Client;
let scratch: string;
let source: Buffer;
const processes: Managed[] = [];
const ownerId = newId("usr");
const videoIds: string[] = [];
/** Every event as it went out, in arrival order: what the stall is measured on. */
const seen: { at: number; type: string; videoId: string }[] = [];

/** Retries `work` through an election: the cluster answers "no responders" or times out meanwhile. */
async function throughElection<T>(work: () => Promise<T>, timeoutMs = STEP_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(200);
    }
  }
}

/** A 2 s 240p clip with a tone, as a phone upload looks, made once and uploaded for every video. */
async function makeSource(): Promise<Buffer> {
  return readFile(await makeClip(join(scratch, "clip.mp4"), { width: 426, height: 240, fps: 24, seconds: 2, audio: true }));
}

/** As the edge's complete does it: the source in storage, then `queued` and the outbox row in one statement. */
async function upload(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId("vid"));
  await Promise.all(
    ids.map((id) =>
      s3.send(new PutObjectCommand({ Bucket: storage.S3_BUCKET, Key: storageKeys.source(id), Body: source, ContentType: "video/mp4" })),
    ),
  );
  for (const id of ids) {
    const now = new Date().toISOString();
    const job: EncodeJob = {
      video_id: id,
      owner_id: ownerId,
      source_key: storageKeys.source(id),
      content_type: "video/mp4",
      size_bytes: source.length,
      requested_at: now,
      trace: {},
    };
    await db.query(
      `with queued as (
         insert into videos (id, owner_id, title, visibility, status, source_key, size_bytes, content_type, queued_at)
         values ($1, $2, $3, 'public', 'queued', $4, $5, 'video/mp4', $6) returning id)
       insert into outbox (id, subject, payload, headers) select $7, $8, $9::jsonb, '{}'::jsonb from queued`,
      [id, ownerId, `Chaos ${id.slice(-6)}`, job.source_key, source.length, now, newId("obx"), SUBJECTS.encode, JSON.stringify(job)],
    );
  }
  videoIds.push(...ids);
  return ids;
}

async function readyCount(): Promise<number> {
  const { rows } = await db.query<{ n: string }>("select count(*) as n from videos where id = any($1) and status = 'ready'", [videoIds]);
  return Number(rows[0]?.n ?? 0);
}

/** When the projector last changed one of this test's videos (its clock, on this machine). */
async function lastCatalogChange(): Promise<number> {
  const { rows } = await db.query<{ at: Date | null }>("select max(updated_at) as at from videos where id = any($1)", [videoIds]);
  return rows[0]?.at?.getTime() ?? 0;
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await sleep(100);
  }
}

const leaderOf = async (find: () => Promise<{ cluster?: { leader?: string } }>): Promise<ClusterNode> => {
  const info = await throughElection(find);
  return cluster.node(info.cluster?.leader ?? "");
};

interface Stall {
  /** From the fault until the first event of an upload made after it: relay, JOBS and `encoder` moving again. */
  newJobMs: number;
  /** From the fault until the projector next changes the catalog (progress, playable, ready): `catalog` moving again. */
  catalogMs: number;
}

/**
 * Inflicts `fault` at the tail of the previous wave (its last jobs still encoding, the pool's free slots
 * waiting on a pull) and uploads the next wave right after it, into the election.
 */
async function stallAfter(fault: () => Promise<void>, wave: number): Promise<Stall> {
  await waitFor(
    "the previous wave down to its last jobs",
    async () => (await readyCount()) >= videoIds.length - IN_FLIGHT_AT_FAULT,
    READY_TIMEOUT_MS,
  );
  const at = Date.now();
  await fault();
  const fresh = new Set(await upload(wave));
  const firstEvent = () => seen.find((e) => e.at >= at && fresh.has(e.videoId));
  await waitFor("a new job after the fault", () => firstEvent() !== undefined);
  const newJobMs = (firstEvent()?.at ?? at) - at;
  await waitFor("a catalog change after the fault", async () => (await lastCatalogChange()) >= at);
  return { newJobMs, catalogMs: (await lastCatalogChange()) - at };
}

/** A node back in the cluster: running, and its monitoring endpoint says its JetStream is current. */
async function bringBack(node: ClusterNode): Promise<void> {
  await node.start();
  await waitFor(`${node.name} healthy`, async () => (await fetch(`${node.monitorUrl}/healthz`).catch(() => null))?.status === 200);
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "vod-chaos-"));
  [cluster, source] = await Promise.all([createNatsCluster(REPLICAS), makeSource()]);
  nc = await connect({ servers: cluster.urls, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  // The cluster elects its meta leader a few seconds after the servers are up.
  jsm = await throughElection(() => jetstreamManager(nc));
  // At R3 before any service declares them: ensureStreams leaves the replica count of an existing stream alone.
  for (const stream of DESIRED_STREAMS) await throughElection(() => jsm.streams.add({ ...stream, num_replicas: REPLICAS }));
  nc.subscribe(`${SUBJECTS.events}.>`, {
    callback: (_err, msg) => {
      seen.push({ at: Date.now(), type: msg.subject.split(".").pop() ?? "", videoId: msg.json<{ video_id: string }>().video_id });
    },
  });

  const databaseUrl = await prepareTestDatabase(DATABASE);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query("insert into users (id, name, email, password_hash) values ($1, 'Chaos', $2, 'x')", [ownerId, `${ownerId}@example.test`]);
  s3 = createS3Client(storage);

  const services = originServices({ ENCODERS: "2" }, 0);
  for (const service of services) service.metricsPort = await freePort();
  const env = {
    ...inject("stackEnv"),
    DATABASE_URL: databaseUrl,
    NATS_URL: cluster.urls.join(","),
    JETSTREAM_REPLICAS: String(REPLICAS),
    LOG_LEVEL: "warn",
    ENCODER_TMP_DIR: join(scratch, "encoder"),
    ENCODER_CONCURRENCY: String(ENCODER_CONCURRENCY),
  };
  const started = await Promise.allSettled(services.map((service) => startOriginServices(process.cwd(), env, [service])));
  for (const result of started) if (result.status === "fulfilled") processes.push(...result.value.processes);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}, 120_000);

afterAll(async () => {
  for (const p of processes.reverse()) await p.stop();
  await nc?.close();
  await cluster?.destroy();
  await db?.end();
  s3?.destroy();
  await rm(scratch, { recursive: true, force: true });
});

describe("a 3-node JetStream cluster under chaos", () => {
  it("loses, duplicates and strands no upload through leader kills and a node restart; each stall at most 10 s", async () => {
    const [first, ...waves] = WAVES as [number, number, number, number];
    await upload(first);

    const stalls: Record<string, Stall> = {};
    let victim = await leaderOf(() => jsm.streams.info(STREAMS.jobs.name));
    stalls[`JOBS stream leader ${victim.name} killed`] = await stallAfter(() => victim.kill(), waves[0]!);
    await bringBack(victim);

    victim = await leaderOf(() => jsm.consumers.info(CONSUMERS.encoder.stream, CONSUMERS.encoder.durable));
    stalls[`encoder consumer leader ${victim.name} killed`] = await stallAfter(() => victim.kill(), waves[1]!);
    await bringBack(victim);

    // The node leading the projector's consumer: its pull waits on it.
    victim = await leaderOf(() => jsm.consumers.info(CONSUMERS.projector.stream, CONSUMERS.projector.durable));
    stalls[`node ${victim.name} (projector consumer leader) stopped`] = await stallAfter(() => victim.stop(), waves[2]!);
    await bringBack(victim);

    console.log(
      `jetstream chaos stalls (limit ${STALL_LIMIT_MS} ms):\n${Object.entries(stalls)
        .map(([fault, s]) => `  ${fault}: first event of a new upload ${s.newJobMs} ms, next catalog change ${s.catalogMs} ms`)
        .join("\n")}`,
    );

    await waitFor("every upload ready", async () => (await readyCount()) === videoIds.length, READY_TIMEOUT_MS);
    expect(videoIds).toHaveLength(WAVES.reduce((a, b) => a + b));

    // No duplicate effect: one revision folder per video in storage, the one the catalog points at, named
    // by the one encoded event the stream kept.
    const encoded = await storedEncodedEvents();
    const { rows } = await db.query<{ id: string; revision: string }>(
      "select id, outputs->>'revision' as revision from videos where id = any($1)",
      [videoIds],
    );
    for (const { id, revision } of rows) {
      const folders = (await listRevisions(s3, storage.S3_BUCKET, id)).map((r) => r.id);
      expect({ id, folders, events: encoded.get(id) }).toEqual({ id, folders: [revision], events: [revision] });
    }
    // No job lost or left behind: every one was delivered.
    expect((await jsm.consumers.info(CONSUMERS.encoder.stream, CONSUMERS.encoder.durable)).num_pending).toBe(0);
    for (const [fault, stall] of Object.entries(stalls)) {
      expect(stall.newJobMs, fault).toBeLessThanOrEqual(STALL_LIMIT_MS);
      expect(stall.catalogMs, fault).toBeLessThanOrEqual(STALL_LIMIT_MS);
    }
  }, 240_000);
});

/** The revisions named by the `encoded` events VIDEO_EVENTS stored, per video (read, not consumed). */
async function storedEncodedEvents(): Promise<Map<string, string[]>> {
  const byVideo = new Map<string, string[]>();
  // next_by_subj jumps to the next encoded event; the client's type lists only seq and last_by_subj.
  const next = (seq: number) => ({ seq, next_by_subj: `${SUBJECTS.events}.encoded` }) as unknown as { seq: number };
  for (
    let msg = await jsm.streams.getMessage(STREAMS.events.name, next(1));
    msg;
    msg = await jsm.streams.getMessage(STREAMS.events.name, next(msg.seq + 1))
  ) {
    const { video_id, revision } = msg.json<{ video_id: string; revision: string }>();
    byVideo.set(video_id, [...(byVideo.get(video_id) ?? []), revision]);
  }
  return byVideo;
}
