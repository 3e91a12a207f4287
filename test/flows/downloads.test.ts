import { makeClip } from "../../encoder/media/test-media.js";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../local/testing/jetstream.js";
import { edgeServer } from "../../local/testing/edge-harness.js";
import { jsonApi } from "../../local/testing/json-api.js";

/**
 * Downloads as a user meets them: a real upload encoded by the pool, an MP4 of one rung and the audio
 * alone asked for through the edge, made once by the encoder pool's remux, fetched through the CDN
 * emulator's signed URL and opened by ffprobe.
 */
const run = promisify(execFile);
let edge: Awaited<ReturnType<typeof edgeServer>>;
let scratch: string;

beforeAll(async () => {
  edge = await edgeServer();
  scratch = await mkdtemp(join(tmpdir(), "vod-downloads-"));
});
afterAll(async () => {
  await edge?.close();
  await rm(scratch, { recursive: true, force: true });
});

const api = jsonApi(() => edge.url);
const SOURCE_SECONDS = 6;

interface Probed {
  format: { duration: string };
  streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
}
const probe = async (path: string): Promise<Probed> =>
  JSON.parse((await run("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path])).stdout);

async function register(name: string): Promise<string> {
  const email = `dl-${crypto.randomUUID().slice(0, 8)}@example.test`;
  return (await api("POST", "/auth/register", { json: { name, email, password: "download-password" } })).body.data.token as string;
}

/** Jobs the edge queued for this video's downloads, as the outbox holds them. */
async function queuedJobs(videoId: string, rendition: string): Promise<number> {
  const { rows } = await edge.ports.db.execute(
    sql`select count(*)::int as n from outbox where subject = 'jobs.download' and payload->>'video_id' = ${videoId} and payload->>'rendition' = ${rendition}`,
  );
  return (rows[0] as { n: number }).n;
}

describe("downloads", () => {
  it("an MP4 of a rung and the M4A are remuxed once, named after the title, and play whole", { timeout: 240_000 }, async () => {
    const token = await register("Download Owner");
    const source = await makeClip(join(scratch, "clip.mp4"), { width: 1280, height: 720, seconds: SOURCE_SECONDS, audio: true });
    const sourceSeconds = Number((await probe(source)).format.duration);
    const bytes = await readFile(source);
    const created = await api("POST", "/uploads", {
      token,
      json: { title: "Café: a/b test", filename: "clip.mp4", content_type: "video/mp4", size_bytes: bytes.length, visibility: "public" },
    });
    const { video, upload } = created.body.data;
    expect((await fetch(upload.url, { method: "PUT", headers: upload.headers, body: new Uint8Array(bytes) })).status).toBe(200);
    expect((await api("POST", `/uploads/${video.id}/complete`, { token })).status).toBe(202);
    await eventually(async () => (await api("GET", `/videos/${video.id}`, { token })).body.data.video.status === "ready", 150_000);

    const menu = await api("GET", `/videos/${video.id}/downloads`, { token });
    expect(menu.status).toBe(200);
    expect(menu.body.data.downloads.map((d: { rendition: string; status: string }) => `${d.rendition} ${d.status}`)).toEqual([
      "720p available",
      "480p available",
      "360p available",
      "240p available",
      "audio available",
    ]);

    // Asked twice at once: one job.
    const both = await Promise.all([0, 1].map(() => api("POST", `/videos/${video.id}/downloads`, { token, json: { rendition: "720p" } })));
    expect(both.map((r) => r.status)).toEqual([202, 202]);
    expect(both[0]!.body.data.download).toMatchObject({ rendition: "720p", status: "preparing", url: null });
    expect(await queuedJobs(video.id, "720p")).toBe(1);
    expect((await api("POST", `/videos/${video.id}/downloads`, { token, json: { rendition: "audio" } })).status).toBe(202);

    const ready = async (rendition: string) =>
      eventually(async () => {
        const res = await api("POST", `/videos/${video.id}/downloads`, { token, json: { rendition } });
        return res.status === 200 ? res.body.data.download : null;
      }, 90_000);
    for (const [rendition, file, streams] of [
      ["720p", "Café a b test.mp4", ["video h264 1280x720", "audio aac"]],
      ["audio", "Café a b test.m4a", ["audio aac"]],
    ] as const) {
      const download = await ready(rendition);
      expect(download).toMatchObject({ rendition, status: "ready" });
      const res = await fetch(download.url);
      expect(res.status).toBe(200);
      const disposition = res.headers.get("content-disposition") ?? "";
      expect(disposition).toMatch(/^attachment; filename="Caf_ a b test\.(mp4|m4a)"; /);
      expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? "")).toBe(file);
      const path = join(scratch, `${rendition}.out`);
      await writeFile(path, new Uint8Array(await res.arrayBuffer()));
      const probed = await probe(path);
      expect(Math.abs(Number(probed.format.duration) - sourceSeconds), `${rendition} duration`).toBeLessThanOrEqual(0.1);
      expect(probed.streams.map((s) => [s.codec_type, s.codec_name, s.width ? `${s.width}x${s.height}` : ""].join(" ").trim())).toEqual(
        streams,
      );
    }

    // Asked again: served from storage, no new job.
    const again = await api("POST", `/videos/${video.id}/downloads`, { token, json: { rendition: "720p" } });
    expect(again.status).toBe(200);
    expect(await queuedJobs(video.id, "720p")).toBe(1);
    const states = (await api("GET", `/videos/${video.id}/downloads`, { token })).body.data.downloads;
    expect(states.map((d: { rendition: string; status: string }) => `${d.rendition} ${d.status}`)).toContain("audio ready");

    // Viewers: refused until the owner allows it; a private video does not exist for them.
    const viewer = await register("Download Viewer");
    const asViewer = () => api("POST", `/videos/${video.id}/downloads`, { token: viewer, json: { rendition: "720p" } });
    const refused = await asViewer();
    expect(refused.status).toBe(403);
    expect(Object.keys(refused.body).sort()).toEqual(["data", "message"]);
    expect((await api("PATCH", `/videos/${video.id}`, { token, json: { downloadable: true } })).body.data.video.downloadable).toBe(true);
    expect((await asViewer()).status).toBe(200);
    expect((await api("POST", `/videos/${video.id}/downloads`, { json: { rendition: "audio" } })).status).toBe(200);
    await api("PATCH", `/videos/${video.id}`, { token, json: { visibility: "private" } });
    expect((await asViewer()).status).toBe(404);

    // Deleting the video removes its downloads from storage.
    const url = again.body.data.download.url as string;
    expect((await api("DELETE", `/videos/${video.id}`, { token })).status).toBe(200);
    await eventually(async () => (await fetch(url)).status === 404, 30_000);
  });
});
