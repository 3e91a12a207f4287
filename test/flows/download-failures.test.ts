import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { jetstream, type JetStreamClient } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { downloadOptions } from "../../edge/downloads/download-options.js";
import { makeClip } from "../../encoder/media/test-media.js";
import { eventually } from "../../local/testing/jetstream.js";
import { edgeServer } from "../../local/testing/edge-harness.js";
import { jsonApi } from "../../local/testing/json-api.js";
import { parseConfig } from "../../shared/config/parse-config.js";
import { storageConfigSchema } from "../../shared/config/storage-config.js";
import { DOWNLOAD_FAILURES } from "../../shared/contracts/downloads.js";
import { eventSubject, type DownloadFailedEvent } from "../../shared/contracts/events.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { storageKeys } from "../../shared/storage-keys.js";

/**
 * A download that cannot be made, through the front door of the shared stack (edge, relay, encoder pool's
 * downloader, projector, NATS, Postgres, S3): a damaged stored segment makes it `failed` with the viewer's
 * sentence, a redelivered job changes nothing, asking again once the segment is whole makes the file, and
 * the first request's failure arriving late does not mark the second one failed. A segment damaged or
 * missing in the MIDDLE of a track (which `-c copy` joins without a word) fails it the same way, and no
 * file is stored.
 */
const run = promisify(execFile);
const SOURCE_SECONDS = 4;
let edge: Awaited<ReturnType<typeof edgeServer>>;
let scratch: string;
let s3: S3Client;
let nc: NatsConnection;
let js: JetStreamClient;
const env = inject("stackEnv");
const storage = parseConfig(storageConfigSchema, env);

beforeAll(async () => {
  edge = await edgeServer();
  scratch = await mkdtemp(join(tmpdir(), "vod-download-failures-"));
  s3 = createS3Client(storage);
  nc = await connect({ servers: env.NATS_URL!, name: "download-failures-test" });
  js = jetstream(nc);
});
afterAll(async () => {
  await nc?.close();
  s3?.destroy();
  await edge?.close();
  await rm(scratch, { recursive: true, force: true });
});

const api = jsonApi(() => edge.url);
type View = { rendition: string; status: string; url: string | null; reason: string | null };

/** Whether any object is stored under `key` (a download's file). */
async function stored(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: storage.S3_BUCKET, Key: key }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

/** A ready public video made from a SOURCE_SECONDS clip with audio, and its revision. */
async function readyVideo(token: string, title: string): Promise<{ id: string; revision: string }> {
  const source = await makeClip(join(scratch, `${crypto.randomUUID()}.mp4`), {
    width: 426,
    height: 240,
    seconds: SOURCE_SECONDS,
    audio: true,
  });
  const bytes = await readFile(source);
  const created = await api("POST", "/uploads", {
    token,
    json: { title, filename: "clip.mp4", content_type: "video/mp4", size_bytes: bytes.length, visibility: "public" },
  });
  const { video, upload } = created.body.data;
  expect((await fetch(upload.url, { method: "PUT", headers: upload.headers, body: new Uint8Array(bytes) })).status).toBe(200);
  expect((await api("POST", `/uploads/${video.id}/complete`, { token })).status).toBe(202);
  await eventually(async () => (await api("GET", `/videos/${video.id}`, { token })).body.data.video.status === "ready", 150_000);
  const { rows } = await edge.ports.db.execute(sql`select outputs->>'revision' as revision from videos where id = ${video.id}`);
  return { id: video.id as string, revision: (rows[0] as { revision: string }).revision };
}

async function register(): Promise<string> {
  const email = `dl-fail-${crypto.randomUUID().slice(0, 8)}@example.test`;
  return (await api("POST", "/auth/register", { json: { name: "Failing Download", email, password: "download-password" } })).body.data
    .token as string;
}

async function readObject(key: string): Promise<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: storage.S3_BUCKET, Key: key }));
  return object.Body!.transformToByteArray();
}
const writeObject = (key: string, body: Uint8Array | string) =>
  s3.send(new PutObjectCommand({ Bucket: storage.S3_BUCKET, Key: key, Body: body }));

/** The jobs.download payloads the edge queued for this rendition, oldest first. */
async function queuedJobs(videoId: string, rendition: string): Promise<Record<string, unknown>[]> {
  const { rows } = await edge.ports.db.execute(
    sql`select payload from outbox where subject = 'jobs.download' and payload->>'video_id' = ${videoId} and payload->>'rendition' = ${rendition} order by created_at`,
  );
  return rows.map((r) => (r as { payload: Record<string, unknown> }).payload);
}

async function downloadRow(videoId: string, rendition: string) {
  const { rows } = await edge.ports.db.execute(
    sql`select requested_at::text, failed_at::text, failure_code from downloads where video_id = ${videoId} and rendition = ${rendition}`,
  );
  return rows[0] as { requested_at: string; failed_at: string | null; failure_code: string | null };
}

/** The sum over the stack's encoder processes of one outcome of `downloader_jobs_total`. */
async function downloaderJobs(outcome: string): Promise<number> {
  let total = 0;
  for (const [name, url] of Object.entries(env)) {
    if (!/^ENCODER_\d+_METRICS_URL$/.test(name)) continue;
    const text = await (await fetch(`${url}/metrics`)).text();
    total += Number(new RegExp(`^downloader_jobs_total\\{outcome="${outcome}"\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
  }
  return total;
}

async function projectorEvents(outcome: string): Promise<number> {
  const text = await (await fetch(`${env.PROJECTOR_METRICS_URL}/metrics`)).text();
  return Number(new RegExp(`^projector_events_total\\{type="download_failed",outcome="${outcome}"\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
}

describe("a download that cannot be made", () => {
  it(
    "is failed with a safe reason, a redelivery changes nothing, and asking again once it can be made makes it",
    { timeout: 240_000 },
    async () => {
      const token = await register();
      const source = await makeClip(join(scratch, "clip.mp4"), { width: 426, height: 240, seconds: SOURCE_SECONDS, audio: true });
      const bytes = await readFile(source);
      const created = await api("POST", "/uploads", {
        token,
        json: { title: "Damaged", filename: "clip.mp4", content_type: "video/mp4", size_bytes: bytes.length, visibility: "public" },
      });
      const { video, upload } = created.body.data;
      expect((await fetch(upload.url, { method: "PUT", headers: upload.headers, body: new Uint8Array(bytes) })).status).toBe(200);
      expect((await api("POST", `/uploads/${video.id}/complete`, { token })).status).toBe(202);
      await eventually(async () => (await api("GET", `/videos/${video.id}`, { token })).body.data.video.status === "ready", 150_000);

      // The stored 240p video track's init segment is overwritten with junk, as a damaged disk or a bad copy would.
      const { rows } = await edge.ports.db.execute(sql`select outputs->>'revision' as revision from videos where id = ${video.id}`);
      const revision = (rows[0] as { revision: string }).revision;
      const mpd = await edge.ports.storage.getText(storageKeys.manifest(video.id, revision));
      const option = downloadOptions(mpd!).find((o) => o.rendition === "240p")!;
      const init = `${storageKeys.revisionPrefix(video.id, revision)}init-${option.videoRepresentation}.m4s`;
      const whole = await readObject(init);
      await writeObject(init, "this is not an MP4 init segment");

      const failedBefore = await downloaderJobs("failed");
      const asked = await api("POST", `/videos/${video.id}/downloads`, { token, json: { rendition: "240p" } });
      expect(asked.status).toBe(202);
      expect(asked.body.data.download).toMatchObject({ status: "preparing", reason: null });
      const stateOf = async (rendition: string): Promise<{ message: string; view: View }> => {
        const res = await api("GET", `/videos/${video.id}/downloads`, { token });
        expect(res.status).toBe(200);
        const body = res.body as unknown as { message: string; data: { downloads: View[] } };
        return { message: body.message, view: body.data.downloads.find((d) => d.rendition === rendition)! };
      };
      const failed = await eventually(async () => {
        const state = await stateOf("240p");
        return state.view.status === "failed" ? state : null;
      }, 60_000);
      expect(failed.message).toBe("Downloads");
      expect(failed.view).toEqual({
        rendition: "240p",
        kind: "video",
        status: "failed",
        url: null,
        expires_at: null,
        reason: DOWNLOAD_FAILURES.bad_media,
      });
      // Nothing the operator's log holds reaches the viewer.
      expect(failed.view.reason).not.toMatch(/videos\/|\.m4s|ffmpeg|\/tmp|Invalid data/i);
      expect(await downloaderJobs("failed")).toBe(failedBefore + 1);
      // The other choices are untouched.
      expect((await stateOf("audio")).view.status).toBe("available");

      // The same job delivered again (a relay that published it twice after the duplicate window): it fails the
      // same way, and the failure already recorded stays as it was; no new job is queued.
      const recorded = await downloadRow(video.id, "240p");
      const [firstJob, ...others] = await queuedJobs(video.id, "240p");
      expect(others).toEqual([]);
      await js.publish(SUBJECTS.download, JSON.stringify(firstJob), { msgID: `redelivery-${crypto.randomUUID()}` });
      await eventually(async () => (await downloaderJobs("failed")) === failedBefore + 2, 60_000);
      expect(await downloadRow(video.id, "240p")).toEqual(recorded);
      expect((await stateOf("240p")).view.status).toBe("failed");
      expect(await queuedJobs(video.id, "240p")).toHaveLength(1);

      // A client that asks with POST again (polling with it, say) is answered the failure: nothing is queued.
      const polled = await api("POST", `/videos/${video.id}/downloads`, { token, json: { rendition: "240p" } });
      expect(polled.status).toBe(200);
      expect(polled.body.data.download).toMatchObject({ status: "failed", url: null, reason: DOWNLOAD_FAILURES.bad_media });
      expect(await queuedJobs(video.id, "240p")).toHaveLength(1);

      // Mended, then asked to try again: a new job, the file made, a whole 4 s MP4.
      await writeObject(init, whole);
      const again = await api("POST", `/videos/${video.id}/downloads`, { token, json: { rendition: "240p", retry: true } });
      expect(again.status).toBe(202);
      expect(again.body.data.download).toMatchObject({ status: "preparing", reason: null });
      expect(await queuedJobs(video.id, "240p")).toHaveLength(2);
      const ready = await eventually(async () => {
        const { view } = await stateOf("240p");
        return view.status === "ready" ? view : null;
      }, 60_000);
      expect(ready.reason).toBeNull();
      const file = join(scratch, "240p.mp4");
      await writeFile(file, new Uint8Array(await (await fetch(ready.url!)).arrayBuffer()));
      const probed = JSON.parse(
        (await run("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file])).stdout,
      );
      expect(Math.abs(Number(probed.format.duration) - SOURCE_SECONDS)).toBeLessThanOrEqual(0.2);
      expect(probed.streams.map((s: { codec_type: string }) => s.codec_type)).toEqual(["video", "audio"]);

      // The first request's failure arriving once more, late: it names the older request, so the row is left alone.
      const ignoredBefore = await projectorEvents("ignored");
      const late: DownloadFailedEvent = {
        video_id: video.id,
        revision,
        rendition: "240p",
        requested_at: firstJob!.requested_at as string,
        code: "bad_media",
        reason: DOWNLOAD_FAILURES.bad_media,
        at: new Date().toISOString(),
        trace: {},
      };
      await js.publish(eventSubject("download_failed"), JSON.stringify(late), { msgID: `late-${crypto.randomUUID()}` });
      await eventually(async () => (await projectorEvents("ignored")) > ignoredBefore, 30_000);
      expect(await downloadRow(video.id, "240p")).toMatchObject({ failed_at: null, failure_code: null });
      expect((await stateOf("240p")).view.status).toBe("ready");
    },
  );

  it("is failed, with nothing stored, when a segment in the middle of a track is damaged or missing", { timeout: 240_000 }, async () => {
    const token = await register();
    const video = await readyVideo(token, "Damaged middle");
    const mpd = await edge.ports.storage.getText(storageKeys.manifest(video.id, video.revision));
    const options = downloadOptions(mpd!);
    const picture = options.find((o) => o.rendition === "240p")!;
    const sound = options.find((o) => o.rendition === "audio")!;
    const prefix = storageKeys.revisionPrefix(video.id, video.revision);
    const ask = async (rendition: string, retry?: boolean) => {
      const res = await api("POST", `/videos/${video.id}/downloads`, { token, json: retry ? { rendition, retry } : { rendition } });
      expect(res.status).toBe(202);
    };
    const failedView = (rendition: string) =>
      eventually(async () => {
        const res = await api("GET", `/videos/${video.id}/downloads`, { token });
        const view = (res.body.data as { downloads: View[] }).downloads.find((d) => d.rendition === rendition)!;
        return view.status === "failed" || view.status === "ready" ? { status: view.status, url: view.url, reason: view.reason } : null;
      }, 90_000);
    const failure = { status: "failed", url: null, reason: DOWNLOAD_FAILURES.bad_media };
    const failedBefore = await downloaderJobs("failed");

    // The 4 s video track is cut at 1 s, then every 2 s: chunk 2 is its middle. A third of its frames' bytes
    // are overwritten with junk; its size and boxes stay as they were, so `-c copy` joins it without a word.
    const middle = `${prefix}chunk-${picture.videoRepresentation}-00002.m4s`;
    const whole = await readObject(middle);
    const junk = whole.slice();
    junk.set(crypto.getRandomValues(new Uint8Array(Math.floor(whole.length / 3))), Math.floor(whole.length / 3));
    await writeObject(middle, junk);
    await ask("240p");
    expect(await failedView("240p")).toEqual(failure);
    expect(await stored(storageKeys.download(video.id, video.revision, picture.file))).toBe(false);

    // The same segment cut off half way instead (a copy that stopped), and asked for with `retry`: a new job, failed too.
    await writeObject(middle, whole.slice(0, Math.floor(whole.length / 2)));
    await ask("240p", true);
    expect(await queuedJobs(video.id, "240p")).toHaveLength(2);
    expect(await failedView("240p")).toEqual(failure);
    expect(await stored(storageKeys.download(video.id, video.revision, picture.file))).toBe(false);

    // The audio track (cut every second) loses its second segment altogether.
    await s3.send(new DeleteObjectCommand({ Bucket: storage.S3_BUCKET, Key: `${prefix}chunk-${sound.audioRepresentation}-00002.m4s` }));
    await ask("audio");
    expect(await failedView("audio")).toEqual(failure);
    expect(await stored(storageKeys.download(video.id, video.revision, sound.file))).toBe(false);

    // Each terminated as bad media on its first delivery, not retried until the dead-letter handler gives up.
    expect(await downloaderJobs("failed")).toBe(failedBefore + 3);
  });
});
