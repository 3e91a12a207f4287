import { describe, expect, inject, it } from "vitest";
import { createApp } from "../app.js";
import { createPorts } from "../runtime/index.js";
import { createLogger } from "../../shared/logger.js";
import { signUp, edgeHarness } from "../../local/testing/edge-harness.js";

/** The edge's log lines for requests that carry credentials: a bearer token and a signed URL. */
describe("edge logs", () => {
  it("never contain the bearer token or the signature of a signed URL, and carry the request's trace ids", async () => {
    const h = await edgeHarness();
    const { token } = await signUp(h);
    const lines: string[] = [];
    const ports = await createPorts({ ...inject("stackEnv"), LOG_LEVEL: "debug" });
    ports.log = createLogger("edge", { level: "debug", write: (line) => lines.push(line) });
    const app = createApp({ ports: () => ports, clientAddress: () => "10.9.8.7" });
    const signed = "https://cdn.test/videos/vid_1/manifest.mpd?Expires=1900000000&Signature=cdn-signature-secret&Key-Pair-Id=K2SECRETPAIR";
    const presigned = "https://s3.test/videos/uploads/vid_1/source?X-Amz-Credential=AKIASECRET&X-Amz-Signature=amz-signature-secret";
    // A failure deep in a handler whose message names both, as SDK errors do.
    app.get("/explode", () => {
      throw new Error(`GET ${presigned} failed; sent Authorization: Bearer ${token}`);
    });

    const auth = { authorization: `Bearer ${token}` };
    expect(
      (await app.request(`/videos/vid_1/playback?${new URL(signed).search.slice(1)}`, { headers: auth })).status,
    ).toBeGreaterThanOrEqual(400);
    expect((await app.request("/auth/profile", { headers: auth })).status).toBe(200);
    expect((await app.request(`/explode?${new URL(presigned).search.slice(1)}`, { headers: auth })).status).toBe(500);

    const text = lines.join("\n");
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const secret of [token, token.split(".")[2]!, "cdn-signature-secret", "K2SECRETPAIR", "amz-signature-secret", "AKIASECRET"]) {
      expect(text, secret).not.toContain(secret);
    }
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const unhandled = records.find((r) => r.message === "unhandled error");
    expect(unhandled?.error).toEqual({
      name: "Error",
      message:
        "GET https://s3.test/videos/uploads/vid_1/source?X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted] failed; sent Authorization: Bearer [redacted]",
    });
    for (const record of records.filter((r) => r.message === "request")) {
      expect(record).toMatchObject({
        service: "edge",
        trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
    }
  });
});
