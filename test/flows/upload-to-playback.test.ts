import { makeClip } from "../../encoder/media/test-media.js";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../local/testing/jetstream.js";
import { edgeServer } from "../../local/testing/edge-harness.js";
import { jsonApi } from "../../local/testing/json-api.js";

/**
 * The whole platform as a user meets it: sign up, upload a real video straight to storage, watch the
 * encoder pool and the projector take it to `ready`, and play it through the CDN emulator.
 */
const run = promisify(execFile);
let edge: Awaited<ReturnType<typeof edgeServer>>;
let scratch: string;

beforeAll(async () => {
  edge = await edgeServer();
  scratch = await mkdtemp(join(tmpdir(), "vod-flow-"));
});
afterAll(async () => {
  await edge?.close();
  await rm(scratch, { recursive: true, force: true });
});

const api = jsonApi(() => edge.url);

describe("upload to playback", () => {
  it("a 6 s 1280x720 upload becomes a playable adaptive video", { timeout: 180_000 }, async () => {
    const email = `flow-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const { body: signup } = await api("POST", "/auth/register", { json: { name: "Flow Tester", email, password: "flow-password" } });
    const token = signup.data.token as string;
    const bytes = await readFile(await makeClip(join(scratch, "clip.mp4"), { width: 1280, height: 720, seconds: 6, audio: true }));

    const created = await api("POST", "/uploads", {
      token,
      json: { title: "Flow clip", filename: "clip.mp4", content_type: "video/mp4", size_bytes: bytes.length, visibility: "public" },
    });
    expect(created.status).toBe(201);
    const { video, upload } = created.body.data;
    expect((await fetch(upload.url, { method: "PUT", headers: upload.headers, body: new Uint8Array(bytes) })).status).toBe(200);
    expect((await api("POST", `/uploads/${video.id}/complete`, { token })).status).toBe(202);

    const statuses = new Set<string>();
    const ready = await eventually(async () => {
      const { body } = await api("GET", `/videos/${video.id}`, { token });
      statuses.add(body.data.video.status);
      return body.data.video.status === "ready" ? body.data : null;
    }, 150_000);
    expect([...statuses].every((s) => ["queued", "processing", "ready"].includes(s))).toBe(true);
    expect(ready.video).toMatchObject({ duration_seconds: expect.closeTo(6, 0), width: 1280, height: 720, progress: 100 });

    const { body: listed } = await api("GET", "/videos?limit=100");
    expect(listed.data.videos.map((v: { id: string }) => v.id)).toContain(video.id);

    // The rewritten DASH manifest: every representation, every segment fetches through the CDN.
    const mpd = await (await fetch(ready.manifest_url)).text();
    const representations = [...mpd.matchAll(/<Representation\b[^>]*\bid="([^"]+)"[^>]*>/g)];
    const heights = [...mpd.matchAll(/height="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => b - a);
    expect(heights).toEqual([720, 480, 360, 240]);
    expect(representations.length).toBe(5);
    const templates = [...mpd.matchAll(/(initialization|media)="([^"]+)"/g)].map((m) => m[2]!.replace(/&amp;/g, "&"));
    for (const t of templates) expect(new URL(t.replace(/\$[^$]+\$/g, "0")).searchParams.has("Signature")).toBe(true);
    for (const { 1: id } of representations) {
      const init = templates.find((t) => t.includes("init-"))!.replace("$RepresentationID$", id!);
      expect((await fetch(init)).status, init).toBe(200);
      const first = templates
        .find((t) => t.includes("chunk-"))!
        .replace("$RepresentationID$", id!)
        .replace(/\$Number%0(\d)d\$/, (_, w: string) => "1".padStart(Number(w), "0"));
      expect((await fetch(first)).status, first).toBe(200);
    }

    // A stock player's view: ffprobe opens both rewritten manifests with no help.
    const probe = async (url: string) =>
      JSON.parse((await run("ffprobe", ["-v", "error", "-print_format", "json", "-show_streams", url], { timeout: 60_000 })).stdout);
    const dash = await probe(ready.manifest_url);
    expect(dash.streams.filter((s: { codec_type: string }) => s.codec_type === "video").length).toBe(4);
    expect(dash.streams.some((s: { codec_type: string }) => s.codec_type === "audio")).toBe(true);
    const hls = await probe(ready.hls_url);
    expect(hls.streams.filter((s: { codec_type: string }) => s.codec_type === "video").length).toBeGreaterThanOrEqual(1);

    const playback = (await api("GET", `/videos/${video.id}/playback`)).body.data;
    const poster = await fetch(playback.poster_url);
    expect(poster.headers.get("content-type")).toBe("image/jpeg");
    expect((await fetch(playback.storyboard_vtt_url)).status).toBe(200);

    // Deleting removes it everywhere, storage included.
    expect((await api("DELETE", `/videos/${video.id}`, { token })).status).toBe(200);
    expect((await api("GET", `/videos/${video.id}`)).status).toBe(404);
    await eventually(async () => (await fetch(playback.poster_url)).status === 404, 30_000);
  });

  it("random bytes named .mp4 end as failed with a readable reason", { timeout: 120_000 }, async () => {
    const email = `flow-bad-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const token = (await api("POST", "/auth/register", { json: { name: "Bad Uploader", email, password: "flow-password" } })).body.data
      .token;
    const bytes = crypto.getRandomValues(new Uint8Array(50_000));
    const { body } = await api("POST", "/uploads", {
      token,
      json: { title: "Not a video", filename: "fake.mp4", content_type: "video/mp4", size_bytes: bytes.length },
    });
    await fetch(body.data.upload.url, { method: "PUT", headers: body.data.upload.headers, body: bytes });
    await api("POST", `/uploads/${body.data.video.id}/complete`, { token });
    const failed = await eventually(async () => {
      const { body: mine } = await api("GET", "/users/me/videos", { token });
      const v = mine.data.videos[0];
      return v.status === "failed" ? v : null;
    }, 60_000);
    expect(failed.error).toMatch(/video/i);
  });
});
