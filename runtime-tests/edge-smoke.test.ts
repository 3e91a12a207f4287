import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { startEdge, type Runtime, type RunningEdge } from "../test/edge-runtimes.js";

const runtimes: Runtime[] = ["workerd", "node", "bun", "deno"];
const MiB = 1024 * 1024;

/** Stands in for the encoder pool, which these runtime checks do not run. */
async function markReady(videoId: string) {
  const db = new pg.Client({ connectionString: inject("stackEnv").DATABASE_URL });
  await db.connect();
  await db.query("update videos set status = 'ready', published_at = now() where id = $1", [videoId]);
  await db.end();
}

async function call(base: string, method: string, path: string, opts: { json?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${path}`, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
  return { status: res.status, body: await res.json() };
}

describe.each(runtimes)("the edge on %s", (runtime) => {
  let edge: RunningEdge;
  beforeAll(async () => {
    // Small thresholds, so a 6 MiB file takes the multipart path (S3 XML answers parsed on this runtime).
    edge = await startEdge(runtime, { ...inject("stackEnv"), SINGLE_PUT_MAX_BYTES: String(5 * MiB), MULTIPART_PART_BYTES: String(5 * MiB) });
  });
  afterAll(async () => {
    await edge?.stop();
  });

  it("serves register -> login -> profile -> upload -> logout over HTTP with the production drivers", async () => {
    const email = `${runtime}-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const registered = await call(edge.url, "POST", "/auth/register", { json: { name: `On ${runtime}`, email, password: "runtime-pass" } });
    expect(registered.status).toBe(201);

    const login = await call(edge.url, "POST", "/auth/login", { json: { email, password: "runtime-pass" } });
    expect(login.status).toBe(200);
    const token = login.body.data.token as string;

    const profile = await call(edge.url, "GET", "/auth/profile", { token });
    expect(profile.status).toBe(200);
    expect(profile.body.data.user).toMatchObject({ email, name: `On ${runtime}` });

    // Uploads: S3 presigning and HEAD through the AWS SDK on this runtime, the outbox write through Neon.
    const bytes = new TextEncoder().encode(`not really a video from ${runtime}`);
    const created = await call(edge.url, "POST", "/uploads", { token, json: { title: `From ${runtime}`, filename: "clip.mp4", content_type: "video/mp4", size_bytes: bytes.length } });
    expect(created.status).toBe(201);
    const { video, upload } = created.body.data;
    expect((await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes })).status).toBe(200);
    const completed = await call(edge.url, "POST", `/uploads/${video.id}/complete`, { token });
    expect(completed.status).toBe(202);
    expect(completed.body.data.video.status).toBe("queued");

    const big = new Uint8Array(6 * MiB).fill(7);
    const multi = await call(edge.url, "POST", "/uploads", { token, json: { title: `Big from ${runtime}`, filename: "big.mp4", content_type: "video/mp4", size_bytes: big.length } });
    expect(multi.status).toBe(201);
    expect(multi.body.data.upload).toMatchObject({ method: "multipart", part_size: 5 * MiB });
    const parts = [];
    for (const part of multi.body.data.upload.parts as { part_number: number; url: string }[]) {
      const res = await fetch(part.url, { method: "PUT", body: big.subarray((part.part_number - 1) * 5 * MiB, part.part_number * 5 * MiB) });
      parts.push({ part_number: part.part_number, etag: res.headers.get("etag") });
    }
    const multiDone = await call(edge.url, "POST", `/uploads/${multi.body.data.video.id}/complete`, { token, json: { parts } });
    expect(multiDone.status).toBe(202);

    // Playback: CloudFront signing (RSA through node:crypto under nodejs_compat on workerd) on this runtime.
    await markReady(video.id);
    const playback = await call(edge.url, "GET", `/videos/${video.id}/playback`, { token });
    expect(playback.status).toBe(200);
    expect(new URL(playback.body.data.dash_url).searchParams.get("Key-Pair-Id")).toBe(inject("stackEnv").CLOUDFRONT_KEY_PAIR_ID);
    const listed = await call(edge.url, "GET", `/users/me/videos`, { token });
    expect(listed.body.data.videos.map((v: { id: string }) => v.id)).toContain(video.id);

    expect((await call(edge.url, "POST", "/auth/logout", { token })).status).toBe(200);
    expect((await call(edge.url, "GET", "/auth/profile", { token })).status).toBe(401);
    expect((await call(edge.url, "POST", "/auth/login", { json: { email, password: "wrong-pass" } })).status).toBe(401);
  });
});
