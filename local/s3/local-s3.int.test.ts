import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { startLocalS3, storageConfigFor, type RunningS3 } from "./index.js";

const ALLOWED_ORIGIN = "http://localhost:5173";
const MiB = 1024 * 1024;
const quiet = { info: () => undefined, warn: () => undefined };
const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "local-s3-test-"));
  tempDirs.push(dir);
  return dir;
}

const start = async (dataDir: string, port = 0): Promise<RunningS3> =>
  startLocalS3({ port, dataDir, bucket: "media", corsOrigins: [ALLOWED_ORIGIN, "https://app.example.test"], log: quiet });

async function readObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("local S3 (s3rver)", () => {
  let s3: RunningS3;
  let client: S3Client;

  beforeAll(async () => {
    s3 = await start(await tempDir());
    client = createS3Client(storageConfigFor(s3));
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
  });

  it("replaces an object atomically: a reader during rewrites gets one whole version, never a torn one", async () => {
    // A growing manifest is rewritten while players read it; each version here is a different size.
    const version = (n: number) => `v${n};`.repeat(2_000 + n * 37);
    await client.send(new PutObjectCommand({ Bucket: "media", Key: "live/manifest.mpd", Body: version(0) }));
    let writing = true;
    const writer = (async () => {
      for (let n = 1; n <= 40; n++)
        await client.send(new PutObjectCommand({ Bucket: "media", Key: "live/manifest.mpd", Body: version(n) }));
      writing = false;
    })();
    const torn: string[] = [];
    let reads = 0;
    while (writing) {
      const text = (await readObject(client, "media", "live/manifest.mpd")).toString();
      reads += 1;
      const n = Number(/^v(\d+);/.exec(text)?.[1]);
      if (!Number.isInteger(n) || text !== version(n)) torn.push(`${text.length} bytes`);
    }
    await writer;
    expect(reads).toBeGreaterThan(5);
    expect(torn).toEqual([]);
    expect((await readObject(client, "media", "live/manifest.mpd")).toString()).toBe(version(40));
  });

  it("honours If-Match on reads, as S3 does: a replaced object fails the read with 412", async () => {
    const key = "sources/pinned.mp4";
    const first = await client.send(new PutObjectCommand({ Bucket: "media", Key: key, Body: "first version" }));
    const pinned = (IfMatch: string) => client.send(new GetObjectCommand({ Bucket: "media", Key: key, IfMatch, Range: "bytes=0-4" }));
    expect(Buffer.from(await (await pinned(first.ETag!)).Body!.transformToByteArray()).toString()).toBe("first");
    await client.send(new PutObjectCommand({ Bucket: "media", Key: key, Body: "second version" }));
    await expect(pinned(first.ETag!)).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
    await expect(client.send(new HeadObjectCommand({ Bucket: "media", Key: key, IfMatch: first.ETag }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 412 },
    });
    expect((await client.send(new HeadObjectCommand({ Bucket: "media", Key: key, IfMatch: "*" }))).ContentLength).toBe(14);
  });

  it("refuses a completion whose parts do not match, as S3 does, and keeps serving", async () => {
    const key = "uploads/bad-parts.mp4";
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: key }));
    const url = await getSignedUrl(client, new UploadPartCommand({ Bucket: s3.bucket, Key: key, UploadId, PartNumber: 1 }), {
      expiresIn: 300,
    });
    const etag = (await fetch(url, { method: "PUT", body: randomBytes(1000) })).headers.get("etag")!;
    const complete = (Parts: { PartNumber: number; ETag: string }[]) =>
      client.send(new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key: key, UploadId, MultipartUpload: { Parts } }));
    await expect(complete([{ PartNumber: 1, ETag: '"0000"' }])).rejects.toMatchObject({ name: "InvalidPart" });
    await expect(
      complete([
        { PartNumber: 1, ETag: etag },
        { PartNumber: 2, ETag: etag },
      ]),
    ).rejects.toMatchObject({ name: "InvalidPart" });
    await expect(client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }))).rejects.toMatchObject({ name: "NotFound" });
    await complete([{ PartNumber: 1, ETag: etag }]);
    expect((await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }))).ContentLength).toBe(1000);
  });

  it("aborts a multipart upload: its parts are gone and a second abort is NoSuchUpload", async () => {
    const key = "uploads/aborted.mp4";
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: key }));
    const url = await getSignedUrl(client, new UploadPartCommand({ Bucket: s3.bucket, Key: key, UploadId, PartNumber: 1 }), {
      expiresIn: 300,
    });
    const etag = (await fetch(url, { method: "PUT", body: randomBytes(100) })).headers.get("etag")!;
    await client.send(new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: key, UploadId }));
    await expect(client.send(new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: key, UploadId }))).rejects.toMatchObject({
      name: "NoSuchUpload",
    });
    await expect(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: s3.bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: etag }] },
        }),
      ),
    ).rejects.toMatchObject({ name: "NoSuchUpload" });
  });

  it("accepts a browser-style upload to a presigned PUT URL", async () => {
    const body = randomBytes(300_000);
    const key = "uploads/single.mp4";
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: s3.bucket, Key: key, ContentType: "video/mp4", ContentLength: body.length }),
      { expiresIn: 300 },
    );
    const res = await fetch(url, { method: "PUT", body, headers: { "Content-Type": "video/mp4" } });
    expect(res.status).toBe(200);

    const head = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.ContentType).toBe("video/mp4");
    expect((await readObject(client, s3.bucket, key)).equals(body)).toBe(true);
  });

  it("assembles a multipart upload whose parts went to presigned URLs", async () => {
    const file = randomBytes(11 * MiB + 12_345);
    const key = "uploads/multipart.mp4";
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: key, ContentType: "video/mp4" }));
    const bounds = [0, 5 * MiB, 10 * MiB, file.length];
    const parts: { PartNumber: number; ETag: string }[] = [];
    for (let i = 1; i < bounds.length; i++) {
      const url = await getSignedUrl(client, new UploadPartCommand({ Bucket: s3.bucket, Key: key, UploadId, PartNumber: i }), {
        expiresIn: 300,
      });
      const res = await fetch(url, { method: "PUT", body: file.subarray(bounds[i - 1], bounds[i]) });
      expect(res.status).toBe(200);
      const etag = res.headers.get("etag");
      expect(etag).toBeTruthy();
      parts.push({ PartNumber: i, ETag: etag! });
    }
    const done = await client.send(
      new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }),
    );

    const stored = await readObject(client, s3.bucket, key);
    expect(stored.length).toBe(file.length);
    expect(sha256(stored)).toBe(sha256(file));
    // S3's ETag of an assembled object: the MD5 of the parts' binary MD5s, "-", the number of parts.
    const partDigests = parts.map((p) => Buffer.from(p.ETag.replace(/"/g, ""), "hex"));
    const expected = `"${createHash("md5").update(Buffer.concat(partDigests)).digest("hex")}-${parts.length}"`;
    expect(done.ETag).toBe(expected);
    expect((await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }))).ETag).toBe(expected);
  });

  it("answers CORS preflights for allowed origins only, and exposes ETag", async () => {
    const objectUrl = `${s3.endpoint}/${s3.bucket}/uploads/cors.bin`;
    const preflight = (origin: string) =>
      fetch(objectUrl, {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type" },
      });

    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBeTruthy();
    expect(allowed.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("content-type");

    const denied = await preflight("http://evil.example.test");
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();

    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: s3.bucket, Key: "uploads/cors.bin" }), { expiresIn: 300 });
    const put = await fetch(url, { method: "PUT", body: "hello", headers: { Origin: ALLOWED_ORIGIN } });
    expect(put.status).toBe(200);
    expect(put.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(put.headers.get("access-control-expose-headers")).toMatch(/\bETag\b/i);
  });

  it("refuses an expired presigned URL and stores nothing", async () => {
    const key = "uploads/expired.bin";
    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: s3.bucket, Key: key }), { expiresIn: 1 });
    await sleep(2_000);
    const res = await fetch(url, { method: "PUT", body: "too late" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await expect(client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }))).rejects.toMatchObject({ name: "NotFound" });
  });

  it("lists by prefix across pages and deletes in bulk", async () => {
    const keys = ["renditions/v1/360p.m3u8", "renditions/v1/720p.m3u8", "renditions/v1/master.m3u8"];
    for (const Key of [...keys, "renditions/v2/master.m3u8"]) {
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: Key }));
    }
    // MaxKeys below the count forces continuation tokens, which s3rver encrypts with DES:
    // this is what fails without --openssl-legacy-provider.
    const list = async (): Promise<string[]> => {
      const found: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: "renditions/v1/", MaxKeys: 2, ContinuationToken }),
        );
        found.push(...(page.Contents ?? []).map((o) => o.Key!));
        ContinuationToken = page.NextContinuationToken;
      } while (ContinuationToken);
      return found;
    };
    expect(await list()).toEqual(keys);

    const deleted = await client.send(new DeleteObjectsCommand({ Bucket: s3.bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    expect(deleted.Errors ?? []).toEqual([]);
    expect(await list()).toEqual([]);
    const other = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: "renditions/v2/master.m3u8" }));
    expect(other.ContentLength).toBeGreaterThan(0);
  });
});

describe("local S3 restarts", () => {
  it("keeps objects on the same data dir, and stop() frees the port", async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir);
    const port = Number(new URL(first.endpoint).port);
    const firstClient = createS3Client(storageConfigFor(first));
    await firstClient.send(new PutObjectCommand({ Bucket: first.bucket, Key: "kept.txt", Body: "still here" }));
    firstClient.destroy();
    await first.stop();

    await expect(canListen(port)).resolves.toBe(true);

    const second = await start(dataDir, port);
    const secondClient = createS3Client(storageConfigFor(second));
    try {
      expect(second.endpoint).toBe(first.endpoint);
      expect((await readObject(secondClient, second.bucket, "kept.txt")).toString()).toBe("still here");
    } finally {
      secondClient.destroy();
      await second.stop();
    }
  });
});

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
