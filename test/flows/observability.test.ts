import { makeClip } from "../../encoder/media/test-media.js";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createEdgeHttpMetrics } from "../../edge/metrics/http-metrics.js";
import { ENCODE_STAGES } from "../../shared/contracts/video-lifecycle.js";
import { originServices, startOriginServices, type OriginService } from "../../local/launcher/origin-processes.js";
import type { Managed } from "../../local/launcher/processes.js";
import { edgeServer } from "../../local/testing/edge-harness.js";
import { freePort } from "../../local/testing/free-port.js";
import { eventually } from "../../local/testing/jetstream.js";
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "../../local/testing/otlp-receiver.js";
import { createPrivateNats, type PrivateNats } from "../../local/testing/private-nats.js";
import { startPrometheus, type RunningPrometheus } from "../../local/testing/prometheus.js";
import { prepareTestDatabase } from "../../local/testing/test-database.js";
import { jsonApi } from "../../local/testing/json-api.js";

/**
 * Observability end to end, on one real upload: a private relay, projector, dead-letter handler,
 * deleter and encoder (child processes, exporting traces to an in-process OTLP receiver) on a NATS
 * and a database of this file's own, so the shared stack's services cannot take the job; the edge in
 * this process with its Node metrics; and a real Prometheus scraping all of them.
 */
const DATABASE = "vod_observability_test";
const DASHBOARDS = ["origin-overview.json", "edge-api.json"];
const DASHBOARD_DIR = join(process.cwd(), "deploy", "grafana", "dashboards");
const RULES_FILE = join(process.cwd(), "deploy", "prometheus", "rules.yml");
// The test's Prometheus scrapes every second; a minute holds plenty of samples for rate().
const RATE_INTERVAL = "1m";
const ENCODE_TIMEOUT_MS = 60_000;
const SPAN_TIMEOUT_MS = 15_000;
const DASHBOARD_TIMEOUT_MS = 45_000;
// Our series, as opposed to Prometheus' own (up, scrape_*) and prom-client's process ones.
const OUR_METRIC = /\b(?:relay|projector|encoder|dead_letter|deleter|edge|cdn)_[a-z0-9_]+/g;
// OTLP span kinds.
const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

const traceId = randomBytes(16).toString("hex");
const callerSpanId = randomBytes(8).toString("hex");

let receiver: OtlpReceiver;
let nats: PrivateNats;
let edge: Awaited<ReturnType<typeof edgeServer>> | undefined;
let prometheus: RunningPrometheus | undefined;
let scratch: string;
const processes: Managed[] = [];

/** encoder-1 is an encoder; the rest are named as they run. */
const serviceOf = (name: string) => name.replace(/-\d+$/, "");

async function startOrigin(env: Record<string, string>): Promise<Record<string, string[]>> {
  const services: OriginService[] = originServices({ ENCODERS: "1" }, 0);
  for (const service of services) {
    service.metricsPort = await freePort();
    // Named outright, so an OTEL_SERVICE_NAME in the developer's shell cannot merge them.
    service.env = { OTEL_SERVICE_NAME: serviceOf(service.name) };
  }
  // In parallel: each waits for its own /healthz.
  const results = await Promise.allSettled(services.map((service) => startOriginServices(process.cwd(), env, [service])));
  for (const result of results) if (result.status === "fulfilled") processes.push(...result.value.processes);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  const targets: Record<string, string[]> = {};
  for (const service of services) (targets[serviceOf(service.name)] ??= []).push(`127.0.0.1:${service.metricsPort}`);
  return targets;
}

const api = jsonApi(() => edge!.url);

/** Sign up, upload a 2 s clip, complete it under our own trace context, and wait until it is ready. */
async function uploadAndEncode(): Promise<void> {
  const email = `obs-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const token = (await api("POST", "/auth/register", { json: { name: "Trace Tester", email, password: "trace-password" } })).body.data
    .token as string;
  const bytes = await readFile(await makeClip(join(scratch, "clip.mp4"), { width: 320, height: 240, fps: 24, seconds: 2, audio: true }));
  const created = await api("POST", "/uploads", {
    token,
    json: { title: "Traced clip", filename: "clip.mp4", content_type: "video/mp4", size_bytes: bytes.length },
  });
  const { video, upload } = created.body.data;
  expect((await fetch(upload.url, { method: "PUT", headers: upload.headers, body: new Uint8Array(bytes) })).status).toBe(200);
  const completed = await api("POST", `/uploads/${video.id}/complete`, {
    token,
    headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
  });
  expect(completed.status).toBe(202);
  await eventually(async () => (await api("GET", `/videos/${video.id}`, { token })).body.data.video.status === "ready", ENCODE_TIMEOUT_MS);
  // An answer in the 4xx range, so the Edge API dashboard's errors panel has a series.
  expect((await api("GET", "/videos/vid_doesnotexist")).status).toBe(404);
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "vod-observability-"));
  receiver = await startOtlpReceiver();
  nats = await createPrivateNats();
  await nats.start();
  const databaseUrl = await prepareTestDatabase(DATABASE);
  const targets = await startOrigin({
    ...inject("stackEnv"),
    DATABASE_URL: databaseUrl,
    NATS_URL: nats.url,
    LOG_LEVEL: "warn",
    ENCODER_TMP_DIR: join(scratch, "encoder"),
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    // Export within moments instead of the SDK's 5 s.
    OTEL_BSP_SCHEDULE_DELAY: "200",
  });
  const metrics = createEdgeHttpMetrics();
  edge = await edgeServer(
    { DATABASE_URL: databaseUrl, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: "edge" },
    { middleware: [metrics.middleware], metrics: metrics.serve },
  );
  prometheus = await startPrometheus({ ...targets, edge: [new URL(edge.url).host] });
  await uploadAndEncode();
}, 150_000);

afterAll(async () => {
  await prometheus?.stop();
  await edge?.close();
  for (const p of processes.reverse()) await p.stop();
  await nats?.destroy();
  await receiver?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("one trace from upload to projector", () => {
  it("links the edge, relay, encoder and projector spans under the caller's trace", async () => {
    const inTrace = () => receiver.spans().filter((s) => s.traceId === traceId);
    await eventually(async () => inTrace().some((s) => s.service === "projector" && s.name === "apply encoded"), SPAN_TIMEOUT_MS);
    // The progress events' spans may trail the encoded one by an export batch.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const spans = inTrace();
    const named = (service: string, name: string): ReceivedSpan[] => spans.filter((s) => s.service === service && s.name === name);

    const [request, ...extraRequests] = named("edge", "POST /uploads/:id/complete");
    expect(extraRequests).toEqual([]);
    expect(request).toMatchObject({
      parentSpanId: callerSpanId,
      kind: SERVER,
      attributes: { "http.route": "/uploads/:id/complete", "http.response.status_code": 202 },
    });

    // One publish attempt normally; a retried one is a second child of the same request.
    const publishes = named("relay", "relay publish");
    expect(publishes.length).toBeGreaterThan(0);
    for (const publish of publishes)
      expect(publish).toMatchObject({
        parentSpanId: request!.spanId,
        kind: PRODUCER,
        attributes: { "messaging.destination.name": "jobs.encode" },
      });

    const job = named("encoder", "encode job").find((s) => s.attributes["vod.encode.outcome"] === "done");
    expect(job).toMatchObject({ kind: CONSUMER });
    expect(publishes.map((p) => p.spanId)).toContain(job!.parentSpanId);
    for (const stage of ENCODE_STAGES)
      expect(
        named("encoder", stage).map((s) => s.parentSpanId),
        stage,
      ).toEqual([job!.spanId]);

    expect(named("projector", "apply encoded")).toMatchObject([
      { parentSpanId: job!.spanId, kind: CONSUMER, attributes: { "vod.projector.outcome": "applied" } },
    ]);
    const progress = named("projector", "apply progress");
    expect(progress.length).toBeGreaterThan(0);
    expect(new Set(progress.map((s) => s.parentSpanId))).toEqual(new Set([job!.spanId]));

    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(["edge", "relay", "encoder", "projector"]));
    expect(receiver.errors()).toEqual([]);
  });
});

interface DashboardQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

interface Panel {
  title: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

async function dashboardQueries(): Promise<DashboardQuery[]> {
  const queries: DashboardQuery[] = [];
  for (const file of DASHBOARDS) {
    const dashboard = JSON.parse(await readFile(join(DASHBOARD_DIR, file), "utf8")) as { title: string; panels: Panel[] };
    const visit = (panels: Panel[]) => {
      for (const panel of panels) {
        for (const target of panel.targets ?? [])
          if (target.expr) queries.push({ dashboard: dashboard.title, panel: panel.title, expr: target.expr });
        visit(panel.panels ?? []);
      }
    };
    visit(dashboard.panels);
  }
  return queries;
}

describe("dashboards and alert rules against what the processes export", () => {
  it(
    "every PromQL query of the Origin overview and Edge API dashboards returns a series",
    { timeout: DASHBOARD_TIMEOUT_MS + 10_000 },
    async () => {
      const queries = await dashboardQueries();
      expect(queries.length).toBeGreaterThan(10);
      let empty: DashboardQuery[] = queries;
      const deadline = Date.now() + DASHBOARD_TIMEOUT_MS;
      // The first scrapes come some seconds after Prometheus starts, and rate() needs two of them.
      while (empty.length > 0 && Date.now() < deadline) {
        const answers = await Promise.all(
          empty.map(async (q) => ({ q, series: await prometheus!.query(q.expr.replaceAll("$__rate_interval", RATE_INTERVAL)) })),
        );
        empty = answers.filter((a) => a.series.length === 0).map((a) => a.q);
        if (empty.length > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      expect(empty.map((q) => `${q.dashboard} / ${q.panel}: ${q.expr}`)).toEqual([]);
    },
  );

  it("every metric the dashboards and alert rules name is one a process exports", async () => {
    const exported = new Set(await prometheus!.metricNames());
    const texts = [...(await dashboardQueries()).map((q) => q.expr), await readFile(RULES_FILE, "utf8")];
    const named = new Set(texts.flatMap((text) => text.match(OUR_METRIC) ?? []));
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((name) => !exported.has(name))).toEqual([]);
  });
});
