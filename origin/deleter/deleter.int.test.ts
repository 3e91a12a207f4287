import { ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "../../shared/config/parse-config.js";
import { storageConfigSchema, type StorageConfig } from "../../shared/config/storage-config.js";
import { newId } from "../../shared/ids.js";
import { createLogger } from "../../shared/logger.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import { doublingBackoff } from "../../shared/node/backoff.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { eventually } from "../../local/testing/jetstream.js";
import { createPrivateNats, type PrivateNats } from "../../local/testing/private-nats.js";
import { startVideoDeleter, type RunningVideoDeleter } from "./index.js";

// A NATS of this file's own: the shared stack runs a deleter too, which would take these jobs.
let nats: PrivateNats;
let nc: NatsConnection;
let storage: StorageConfig;
let deleter: RunningVideoDeleter;
const registry = new Registry();

beforeAll(async () => {
  const env = inject("stackEnv");
  storage = parseConfig(storageConfigSchema, env);
  nats = await createPrivateNats();
  await nats.start();
  nc = await connect({ servers: nats.url });
  deleter = startVideoDeleter({
    nats: nc,
    storage,
    log: createLogger("deleter-test", { level: "error" }),
    registry,
    retryBackoff: doublingBackoff(100, 500),
  });
  await eventually(async () => deleter.checks().consuming);
});
afterAll(async () => {
  await deleter?.stop();
  await nc?.close();
  await nats?.destroy();
});

const s3 = () => createS3Client(storage);
async function put(key: string) {
  await s3().send(new PutObjectCommand({ Bucket: storage.S3_BUCKET, Key: key, Body: "x" }));
}
async function keysUnder(prefix: string): Promise<string[]> {
  const out = await s3().send(new ListObjectsV2Command({ Bucket: storage.S3_BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!);
}
const job = (videoId: string, scope?: "video" | "outputs") =>
  JSON.stringify({ video_id: videoId, ...(scope && { scope }), requested_at: new Date().toISOString() });
const count = async (outcome: string) =>
  (await registry.getSingleMetric("deleter_jobs_total")!.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

describe("video deleter", () => {
  it("removes the source and every output of the video, and nothing of another video", async () => {
    const gone = newId("vid");
    const kept = newId("vid");
    for (const id of [gone, kept]) {
      await put(`uploads/${id}/source`);
      await put(`uploads/${id}/thumbnail`);
      for (let i = 0; i < 5; i++) await put(`videos/${id}/chunk-0-0000${i}.m4s`);
      await put(`videos/${id}/manifest.mpd`);
    }
    await jetstream(nc).publish(SUBJECTS.delete, job(gone), { msgID: `test-${gone}` });
    await eventually(async () => (await keysUnder(`videos/${gone}/`)).length === 0 && (await keysUnder(`uploads/${gone}/`)).length === 0);
    expect(await keysUnder(`videos/${kept}/`)).toHaveLength(6);
    expect(await keysUnder(`uploads/${kept}/`)).toHaveLength(2);

    // Deleting again is harmless.
    const done = await count("done");
    await jetstream(nc).publish(SUBJECTS.delete, job(gone), { msgID: `test-again-${gone}` });
    await eventually(async () => (await count("done")) > done);
  });

  it("for a video whose encoding gave up, removes the half-written attempts and keeps the source and finished revisions", async () => {
    const id = newId("vid");
    const [crashed, finished] = ["r0mf3x2k1aaaaaa1", "r0mf3x2k2bbbbbb2"];
    await put(`uploads/${id}/source`);
    // From before revisions, and a crashed attempt's live manifest with its first segments.
    await put(`videos/${id}/manifest.mpd`);
    for (const file of ["manifest.mpd", "media_0.m3u8", "init-0.m4s", "chunk-0-00001.m4s"]) await put(`videos/${id}/${crashed}/${file}`);
    // An attempt that finished (its record is written last) may be what the catalog serves.
    for (const file of ["manifest.mpd", "init-0.m4s", "chunk-0-00001.m4s", "revision.json"]) await put(`videos/${id}/${finished}/${file}`);

    await jetstream(nc).publish(SUBJECTS.delete, job(id, "outputs"), { msgID: `test-outputs-${id}` });
    await eventually(async () => (await keysUnder(`videos/${id}/${crashed}/`)).length === 0);
    expect(await keysUnder(`videos/${id}/`)).toEqual(
      ["manifest.mpd", "init-0.m4s", "chunk-0-00001.m4s", "revision.json"].map((f) => `videos/${id}/${finished}/${f}`).sort(),
    );
    expect(await keysUnder(`uploads/${id}/`)).toEqual([`uploads/${id}/source`]);
  });

  it("drops a message that is not a delete job instead of retrying it forever", async () => {
    const before = await count("invalid");
    await jetstream(nc).publish(SUBJECTS.delete, "{not json", { msgID: `bad-${newId("vid")}` });
    await eventually(async () => (await count("invalid")) > before);
  });
});
