import { randomBytes, generateKeyPairSync } from "node:crypto";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "../../shared/config/parse-config.js";
import { storageConfigSchema } from "../../shared/config/storage-config.js";
import { createLogger } from "../../shared/logger.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { DENIED_REASON_HEADER, startCdnEmulator, type RunningCdn } from "./index.js";

const APP_ORIGIN = "http://app.test";
const TTL_SECONDS = 3600;
const videoId = `vid_cdn_${randomBytes(6).toString("hex")}`;
const otherVideoId = `vid_cdn_${randomBytes(6).toString("hex")}`;
// Encoders write each attempt into a revision folder; the signature covers the video's whole prefix.
const REVISION = "r000000000cdntst";
const MANIFEST = `${REVISION}/manifest.mpd`;

const manifest = Buffer.from(`<?xml version="1.0"?><MPD><!-- ${videoId} --></MPD>`);
const segment = randomBytes(64 * 1024);
const FILES = [
  { key: storageKeys.manifest(videoId, REVISION), body: manifest, contentType: "application/dash+xml", cacheControl: "public, max-age=5" },
  {
    key: `${storageKeys.outputPrefix(videoId)}720p/chunk-00001.m4s`,
    body: segment,
    contentType: "video/iso.segment",
    cacheControl: "public, max-age=31536000, immutable",
  },
  {
    key: storageKeys.manifest(otherVideoId, REVISION),
    body: manifest,
    contentType: "application/dash+xml",
    cacheControl: "public, max-age=5",
  },
  // Never served: sources live outside the distribution's prefix.
  { key: storageKeys.source(videoId), body: segment, contentType: "video/mp4", cacheControl: "private" },
];

function keyPair(keyPairId: string) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    keyPairId,
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

const trusted = keyPair("KTRUSTED");
const stranger = keyPair("KSTRANGER");
const epochNow = () => Math.floor(Date.now() / 1000);

describe("CDN emulator in front of the local S3", () => {
  let s3: S3Client;
  let cdn: RunningCdn;
  const registry = new Registry();
  const logLines: string[] = [];

  /** Signs as the edge does: one custom policy over the video's prefix, used on the file given. */
  function signed(file: string, opts: { video?: string; resource?: string; dateLessThan?: number; key?: typeof trusted } = {}): string {
    const base = `${cdn.url}/${storageKeys.outputPrefix(opts.video ?? videoId)}`;
    const key = opts.key ?? trusted;
    const policy = JSON.stringify({
      Statement: [
        {
          Resource: opts.resource ?? `${base}*`,
          Condition: { DateLessThan: { "AWS:EpochTime": opts.dateLessThan ?? epochNow() + TTL_SECONDS } },
        },
      ],
    });
    return getSignedUrl({ url: `${base}${file}`, policy, keyPairId: key.keyPairId, privateKey: key.privateKey });
  }

  beforeAll(async () => {
    const storage = parseConfig(storageConfigSchema, inject("stackEnv"));
    s3 = createS3Client(storage);
    for (const f of FILES) {
      await s3.send(
        new PutObjectCommand({
          Bucket: storage.S3_BUCKET,
          Key: f.key,
          Body: f.body,
          ContentType: f.contentType,
          CacheControl: f.cacheControl,
        }),
      );
    }
    cdn = await startCdnEmulator({
      port: 0,
      storage,
      trustedKeys: [{ keyPairId: trusted.keyPairId, publicKeyPem: trusted.publicKeyPem }],
      corsOrigins: [APP_ORIGIN],
      log: createLogger("cdn-test", { level: "debug", write: (line) => logLines.push(line) }),
      registry,
    });
  });
  afterAll(async () => {
    await cdn?.close();
    s3?.destroy();
  });

  it("serves a signed GET with the stored bytes and metadata", async () => {
    const res = await fetch(signed(MANIFEST));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(manifest)).toBe(true);
    expect(res.headers.get("content-type")).toBe("application/dash+xml");
    expect(res.headers.get("cache-control")).toBe("public, max-age=5");
    expect(res.headers.get("content-length")).toBe(String(manifest.length));
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]+"$/);
    expect(res.headers.get("last-modified")).toMatch(/GMT$/);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
  });

  it("answers HEAD with the headers only", async () => {
    const res = await fetch(signed("720p/chunk-00001.m4s"), { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(segment.length));
    expect(res.headers.get("content-type")).toBe("video/iso.segment");
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it("answers a Range request with 206 and exactly that slice", async () => {
    const res = await fetch(signed("720p/chunk-00001.m4s"), { headers: { Range: "bytes=1000-1999" } });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes 1000-1999/${segment.length}`);
    expect(res.headers.get("content-length")).toBe("1000");
    expect(Buffer.from(await res.arrayBuffer()).equals(segment.subarray(1000, 2000))).toBe(true);
  });

  it.each([
    [
      "a tampered signature",
      () => signed(MANIFEST).replace(/Signature=(.)/, (_, c: string) => `Signature=${c === "A" ? "B" : "A"}`),
      "bad signature",
    ],
    ["another video's path", () => signed(MANIFEST).replace(videoId, otherVideoId), "resource mismatch"],
    ["an expired URL", () => signed(MANIFEST, { dateLessThan: epochNow() - 1 }), "expired"],
    ["an unknown key", () => signed(MANIFEST, { key: stranger }), "unknown Key-Pair-Id"],
    ["an unsigned URL", () => `${cdn.url}/${storageKeys.manifest(videoId, REVISION)}`, "missing Key-Pair-Id"],
  ])("refuses %s with 403", async (_, url, reason) => {
    const res = await fetch(url());
    expect(res.status).toBe(403);
    expect(res.headers.get(DENIED_REASON_HEADER)).toBe(reason);
    expect(await res.text()).toContain("<Code>AccessDenied</Code>");
  });

  it("answers 404 for a missing object with a valid signature", async () => {
    const res = await fetch(signed("720p/chunk-99999.m4s"));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("<Code>NoSuchKey</Code>");
  });

  it("never serves outside /videos/, even under a policy that would cover it", async () => {
    const url = signed(MANIFEST, { resource: `${cdn.url}/*` }).replace(
      storageKeys.manifest(videoId, REVISION),
      storageKeys.source(videoId),
    );
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(res.headers.get(DENIED_REASON_HEADER)).toBe("outside /videos/");
    expect((await fetch(`${cdn.url}/`)).status).toBe(403);
  });

  it("refuses methods other than GET, HEAD and OPTIONS", async () => {
    const res = await fetch(signed(MANIFEST), { method: "DELETE" });
    expect(res.status).toBe(403);
    expect(res.headers.get(DENIED_REASON_HEADER)).toBe("method not allowed");
  });

  it("answers CORS preflights from allowed origins only, and exposes what players read", async () => {
    const preflight = (origin: string) =>
      fetch(signed("720p/chunk-00001.m4s"), {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "range" },
      });
    const allowed = await preflight(APP_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(allowed.headers.get("access-control-allow-methods")).toBe("GET, HEAD");
    expect(allowed.headers.get("access-control-allow-headers")).toBe("Range");

    const refused = await preflight("http://evil.test");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();

    const get = await fetch(signed("720p/chunk-00001.m4s"), { headers: { Origin: APP_ORIGIN, Range: "bytes=0-9" } });
    expect(get.status).toBe(206);
    expect(get.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(get.headers.get("access-control-expose-headers")).toMatch(/Content-Range.*ETag/);
    expect(get.headers.get("vary")).toBe("Origin");
    await get.arrayBuffer();
  });

  it("counts outcomes and logs paths without the signing query", async () => {
    const counts = Object.fromEntries(
      (await registry.getSingleMetric("cdn_requests_total")!.get()).values.map((v) => [v.labels.outcome, v.value]),
    );
    expect(counts.served).toBeGreaterThanOrEqual(4);
    expect(counts.denied).toBeGreaterThanOrEqual(8);
    expect(counts.not_found).toBeGreaterThanOrEqual(1);
    expect(counts.error).toBe(0);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toMatch(/Signature|Policy=|Key-Pair-Id=/);
  });
});
