import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { storageKeys } from "../../shared/storage-keys.js";
import { referencedFiles } from "../publish/index.js";
import { freePort } from "../../local/testing/free-port.js";
import { leftovers, newVideoId, uploadSource, useTestBed, type VideoEvent } from "./testing/harness.js";
import { makeTestVideo } from "./testing/media-fixtures.js";

const ACK_WAIT_MS = 6_000;
const HEARTBEAT_MS = 1_500;
const STOP_GRACE_MS = 1_000;
const ENCODE_TIMEOUT_MS = 90_000;
// Each test encodes its source twice (the interrupted attempt and the retry): the project's 60 s is too short
// on two busy cores.
const TEST_TIMEOUT_MS = 2 * ENCODE_TIMEOUT_MS;
// A handed-back job is pulled at once; one left to time out would come back seconds after the next worker is up.
const HANDED_BACK_PICKUP_MS = 1_000;
// Long enough that a kill or stop sent when encoding starts always lands mid-encode.
const LONG_SOURCE = { seconds: 20, width: 640, height: 360 };
// Encodes for well over the moment it becomes playable, so a kill then lands with the manifest still growing.
const PLAYING_SOURCE = { seconds: 30, width: 1280, height: 720 };

const stackEnv = inject("stackEnv");
const bed = useTestBed({ name: "encoder-process", link: false });
let longSource: string;
let playingSource: string;
const children: WorkerProcess[] = [];

interface WorkerProcess {
  child: ChildProcess;
  metricsPort: number;
  tmpDir: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

beforeAll(async () => {
  longSource = await makeTestVideo(bed.scratch, LONG_SOURCE);
  playingSource = await makeTestVideo(bed.scratch, PLAYING_SOURCE);
});

afterEach(async () => {
  for (const w of children.splice(0)) {
    if (w.child.exitCode === null && w.child.signalCode === null) killGroup(w.child, "SIGKILL");
    await w.exited;
  }
});

/**
 * `node --import tsx`, not the tsx CLI: the CLI runs the worker in a child of its own, so a signal
 * sent to its pid would not reach the worker. Its own process group, so a SIGKILL to the group takes
 * ffmpeg with it, as a container's death would.
 */
async function startWorkerProcess(): Promise<WorkerProcess> {
  const tmpDir = await mkdtemp(join(bed.scratch, "work-"));
  const metricsPort = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "encoder/worker/main.ts"], {
    cwd: process.cwd(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...stackEnv,
      NATS_URL: bed.nats.url,
      METRICS_PORT: String(metricsPort),
      ENCODER_ACK_WAIT_MS: String(ACK_WAIT_MS),
      ENCODER_HEARTBEAT_MS: String(HEARTBEAT_MS),
      ENCODER_STOP_GRACE_MS: String(STOP_GRACE_MS),
      ENCODER_TMP_DIR: tmpDir,
      LOG_LEVEL: "info",
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const w = { child, metricsPort, tmpDir, output: () => output, exited };
  children.push(w);
  return w;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid) process.kill(-child.pid, signal);
}

async function waitForStage(videoId: string, stage: string): Promise<void> {
  const deadline = Date.now() + ENCODE_TIMEOUT_MS;
  while (!(await bed.probe.eventsFor(videoId)).some((e) => e.type === "progress" && e.body.stage === stage)) {
    if (Date.now() > deadline) throw new Error(`${videoId} never reached ${stage}`);
    await sleep(50);
  }
}

const encodedEvents = (events: VideoEvent[]) => events.filter((e) => e.type === "encoded");

const logLines = (output: string): Record<string, unknown>[] =>
  output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("encoder worker process", () => {
  it(
    "a worker killed mid-encode while its video plays: no manifest stays live, the retry's revision replaces it and ends static",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const first = await startWorkerProcess();
      const videoId = newVideoId();
      await bed.probe.publishJob(await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, playingSource));
      const [firstPlayable] = (await bed.probe.waitForEvent(videoId, "playable", ENCODE_TIMEOUT_MS)).filter((e) => e.type === "playable");
      const firstRevision = firstPlayable?.type === "playable" ? firstPlayable.body.revision : "";
      killGroup(first.child, "SIGKILL");
      const killedAt = Date.now();
      expect((await first.exited).signal).toBe("SIGKILL");
      // What the killed attempt left: a growing manifest, and every segment it names.
      const left = await readText(storageKeys.manifest(videoId, firstRevision));
      expect(left).toContain('type="dynamic"');
      expect(await allStored(videoId, firstRevision, referencedFiles("mpd", left))).toBe(true);

      const second = await startWorkerProcess();
      const events = await bed.probe.waitForEvent(videoId, "encoded", ENCODE_TIMEOUT_MS);
      const elapsedMs = Date.now() - killedAt;
      expect(encodedEvents(events)).toHaveLength(1);
      expect(elapsedMs).toBeGreaterThanOrEqual(ACK_WAIT_MS - HEARTBEAT_MS);
      expect(second.output()).toContain('"attempt":2');
      await expectSettled();
      expect(await leftovers(second.tmpDir)).toEqual([]);

      // The retry wrote a revision of its own, announced it, and removed the dead attempt's.
      const revisions = events.flatMap((e) => (e.type === "playable" ? [e.body.revision] : []));
      expect(revisions).toHaveLength(2);
      expect(revisions[0]).toBe(firstRevision);
      const [encoded] = encodedEvents(events);
      expect(encoded?.type === "encoded" && encoded.body.revision).toBe(revisions[1]);
      const folders = new Set((await keysUnder(storageKeys.outputPrefix(videoId))).map((k) => k.split("/")[2]));
      expect([...folders]).toEqual([revisions[1]]);
      const final = await readText(storageKeys.manifest(videoId, revisions[1] ?? ""));
      expect(final).toContain('type="static"');
      expect(Number(/mediaPresentationDuration="PT([\d.]+)S"/.exec(final)?.[1])).toBeCloseTo(PLAYING_SOURCE.seconds, 0);
      console.info(`[timing] SIGKILL redelivery: encoded ${elapsedMs} ms after the kill`);
    },
  );

  it("SIGTERM mid-encode hands the job back and exits 0 within the grace period", { timeout: TEST_TIMEOUT_MS }, async () => {
    const w = await startWorkerProcess();
    const videoId = newVideoId();
    await bed.probe.publishJob(await uploadSource(bed.s3, bed.storage.S3_BUCKET, videoId, longSource));
    await waitForStage(videoId, "encode");

    // Serving health and metrics while it works.
    const metricsUrl = `http://127.0.0.1:${w.metricsPort}`;
    expect((await fetch(`${metricsUrl}/readyz`)).status).toBe(200);
    expect((await fetch(`${metricsUrl}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${metricsUrl}/metrics`)).text();
    expect(metrics).toContain("encoder_jobs_in_flight 1");
    expect(metrics).toMatch(/encoder_consumer_pending \d/);
    expect(metrics).toContain("process_cpu_user_seconds_total");

    const signalledAt = Date.now();
    // The worker only, not its ffmpeg: stopping ffmpeg is the worker's job.
    w.child.kill("SIGTERM");
    const { code } = await w.exited;
    const exitMs = Date.now() - signalledAt;
    expect(code, w.output()).toBe(0);
    // The grace, plus ffmpeg's own stop and closing NATS.
    expect(exitMs).toBeLessThan(STOP_GRACE_MS + 5_000);
    expect(w.output()).toContain("job handed back");
    expect(await leftovers(w.tmpDir)).toEqual([]);
    expect(encodedEvents(await bed.probe.eventsFor(videoId))).toHaveLength(0);

    // Naked, not left to time out: the next worker gets the job as soon as it pulls, where a job left
    // to ack_wait would only come back seconds later. (A naked job still counts in num_ack_pending
    // until it is redelivered, so the consumer's numbers cannot tell the two apart.)
    const next = await startWorkerProcess();
    await bed.probe.waitForEvent(videoId, "encoded", ENCODE_TIMEOUT_MS);
    const lines = logLines(next.output());
    const readyAt = Date.parse(String(lines.find((l) => l.message === "encoder consumer ready")?.time));
    const startedAt = Date.parse(String(lines.find((l) => l.message === "job started" && l.video_id === videoId)?.time));
    expect(startedAt - readyAt).toBeLessThan(HANDED_BACK_PICKUP_MS);
    console.info(`[timing] SIGTERM: exited ${exitMs} ms after the signal`);
  });
});

async function keysUnder(prefix: string): Promise<string[]> {
  const page = await bed.s3.send(new ListObjectsV2Command({ Bucket: bed.storage.S3_BUCKET, Prefix: prefix }));
  return (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
}

async function readText(key: string): Promise<string> {
  const out = await bed.s3.send(new GetObjectCommand({ Bucket: bed.storage.S3_BUCKET, Key: key }));
  return (await out.Body?.transformToString()) ?? "";
}

async function allStored(videoId: string, revision: string, files: string[]): Promise<boolean> {
  const keys = new Set(await keysUnder(storageKeys.revisionPrefix(videoId, revision)));
  return files.length > 0 && files.every((f) => keys.has(storageKeys.revisionPrefix(videoId, revision) + f));
}

async function expectSettled(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await bed.probe.consumerInfo()).num_ack_pending === 0) return;
    await sleep(100);
  }
  throw new Error("consumer still has unacknowledged jobs");
}
