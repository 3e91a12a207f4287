import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { startEdge, type Runtime, type RunningEdge } from "../local/testing/edge-runtimes.js";
import { startOtlpReceiver, type OtlpReceiver } from "../local/testing/otlp-receiver.js";

const runtimes: Runtime[] = ["workerd", "node", "bun", "deno"];
const MiB = 1024 * 1024;
// Node and Bun serve Prometheus metrics; workerd and Deno rely on traces.
const withMetrics: Runtime[] = ["node", "bun"];
const SPAN_WAIT_MS = 10_000;
const CACHE_FRESH_SECONDS = 2;

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

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
    edge = await startEdge(runtime, {
      ...inject("stackEnv"),
      SINGLE_PUT_MAX_BYTES: String(5 * MiB),
      MULTIPART_PART_BYTES: String(5 * MiB),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: `edge-${runtime}`,
      // Short, so the stale-while-revalidate path can be waited for.
      CATALOG_CACHE_SECONDS: String(CACHE_FRESH_SECONDS),
      CATALOG_CACHE_STALE_SECONDS: "10",
    });
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
    const created = await call(edge.url, "POST", "/uploads", {
      token,
      json: { title: `From ${runtime}`, filename: "clip.mp4", content_type: "video/mp4", size_bytes: bytes.length },
    });
    expect(created.status).toBe(201);
    const { video, upload } = created.body.data;
    expect((await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes })).status).toBe(200);
    const completed = await call(edge.url, "POST", `/uploads/${video.id}/complete`, { token });
    expect(completed.status).toBe(202);
    // The test stack runs encoders: one may already have taken the job.
    expect(["queued", "processing"]).toContain(completed.body.data.video.status);

    const big = new Uint8Array(6 * MiB).fill(7);
    const multi = await call(edge.url, "POST", "/uploads", {
      token,
      json: { title: `Big from ${runtime}`, filename: "big.mp4", content_type: "video/mp4", size_bytes: big.length },
    });
    expect(multi.status).toBe(201);
    expect(multi.body.data.upload).toMatchObject({ method: "multipart", part_size: 5 * MiB });
    const parts = [];
    for (const part of multi.body.data.upload.parts as { part_number: number; url: string }[]) {
      const res = await fetch(part.url, {
        method: "PUT",
        body: big.subarray((part.part_number - 1) * 5 * MiB, part.part_number * 5 * MiB),
      });
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

  it("answers anonymous public reads from the runtime's cache: the Workers Cache API, else an in-process LRU", async () => {
    // A page size no other test asks for, so the first read is this test's.
    const path = `${edge.url}/videos?limit=7`;
    const first = await fetch(path);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache")).toBe("MISS");
    const second = await fetch(path);
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(second.headers.get("age")).toMatch(/^\d+$/);
    expect(second.headers.get("cache-control")).toMatch(/^private, max-age=\d+$/);

    // Past its freshness: served stale once while a refresh runs past the answer (waitUntil on workerd), then fresh again.
    await new Promise((resolve) => setTimeout(resolve, CACHE_FRESH_SECONDS * 1_000 + 200));
    expect((await fetch(path)).headers.get("x-cache")).toBe("STALE");
    await expect.poll(async () => (await fetch(path)).headers.get("x-cache"), { timeout: 1_500, interval: 100 }).toBe("HIT");
  });

  it("answers the players' clock, GET /time, itself and never with the web app's index.html", async () => {
    const res = await fetch(`${edge.url}/time`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(Math.abs(Date.parse(await res.text()) - Date.now())).toBeLessThan(5_000);
  });

  it("serves the web app from the same origin: files, client routes as index.html, and the API beside them", async () => {
    // Built by the global setup (web/build.ts); workerd serves it through wrangler.toml [assets], the others from disk.
    const index = await fetch(`${edge.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await index.text();
    const script = /src="(\/assets\/app-[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${edge.url}${script}`);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(js.headers.get("content-security-policy")).toContain("script-src 'self'");
    const route = await fetch(`${edge.url}/watch/vid_anything`, { headers: { accept: "text/html", "sec-fetch-mode": "navigate" } });
    expect(await route.text()).toBe(html);
    expect((await fetch(`${edge.url}/openapi.json`)).headers.get("content-type")).toMatch(/^application\/json/);
    const api404 = await fetch(`${edge.url}/videos/vid_nosuchvideo`, { headers: { accept: "text/html", "sec-fetch-mode": "navigate" } });
    expect(api404.status).toBe(404);
    expect(api404.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("exports a server span per request over OTLP/HTTP JSON, continuing the caller's trace", async () => {
    const traceId = crypto.randomUUID().replace(/-/g, "");
    const res = await fetch(`${edge.url}/videos/vid_nosuchvideo`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(res.status).toBe(404);
    await expect
      .poll(() => receiver.spans().find((s) => s.service === `edge-${runtime}` && s.traceId === traceId), {
        timeout: SPAN_WAIT_MS,
        interval: 100,
      })
      .toMatchObject({
        name: "GET /videos/:id",
        parentSpanId: "00f067aa0ba902b7",
        kind: 2,
        attributes: { "http.route": "/videos/:id", "http.response.status_code": 404 },
      });
    expect(receiver.errors()).toEqual([]);
  });

  // Only Node and Bun serve /metrics (Workers rely on traces), so only they get this test.
  if (withMetrics.includes(runtime)) {
    it("serves /metrics with the matched route, never the raw path", async () => {
      await fetch(`${edge.url}/videos/vid_metricsprobe`);
      const text = await (await fetch(`${edge.url}/metrics`)).text();
      expect(text).toMatch(/edge_http_requests_total\{method="GET",route="\/videos\/:id",status="404"\} \d+/);
      expect(text).toContain("edge_http_request_duration_seconds_bucket");
      await fetch(`${edge.url}/videos?limit=7`);
      expect(await (await fetch(`${edge.url}/metrics`)).text()).toMatch(/edge_cache_reads_total\{route="\/videos",outcome="hit"\} \d+/);
      expect(text).not.toContain("vid_metricsprobe");
    });
  }
});
