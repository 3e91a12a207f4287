import { describe, expect, inject, it } from "vitest";
import { createApp } from "../app.js";
import { createPorts } from "../runtime/index.js";
import { createEdgeHttpMetrics } from "./http-metrics.js";

describe("edge request metrics (Node and Bun entries)", () => {
  it("label requests by matched route pattern and bounded method, never by the raw path", async () => {
    const ports = await createPorts({ ...inject("stackEnv"), LOG_LEVEL: "warn" });
    const metrics = createEdgeHttpMetrics();
    const app = createApp({ ports: () => ports, clientAddress: () => "10.1.2.3" }, undefined, {
      middleware: [metrics.middleware],
      metrics: metrics.serve,
    });

    expect((await app.request("/videos/vid_rawidnotalabel")).status).toBe(404);
    // Turned away by the auth middleware: still counted under the route it guards.
    expect((await app.request("/users/me")).status).toBe(401);
    expect((await app.request("/no/such/path/123")).status).toBe(404);
    expect((await app.request("/health", { method: "PROPFIND" })).status).toBe(405);

    const scrape = await app.request("/metrics");
    expect(scrape.headers.get("content-type")).toContain("text/plain");
    const text = await scrape.text();
    expect(text).toContain('edge_http_requests_total{method="GET",route="/videos/:id",status="404"} 1');
    expect(text).toContain('edge_http_requests_total{method="GET",route="/users/me",status="401"} 1');
    expect(text).toContain('edge_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toContain('edge_http_requests_total{method="OTHER",route="unmatched",status="405"} 1');
    expect(text).toMatch(/edge_http_request_duration_seconds_count\{method="GET",route="\/videos\/:id"\} 1/);
    expect(text).not.toContain("vid_rawidnotalabel");
    expect(text).not.toContain("/no/such/path");
  });
});
