import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
// A test may start a private S3 with the local stack's helper; encoder code never imports origin.
import { startLocalS3, storageConfigFor, type RunningS3 } from "../../local/s3/index.js";
import { parseConfig } from "../../shared/config/parse-config.js";
import { storageConfigSchema } from "../../shared/config/storage-config.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { probeMedia } from "../media/index.js";
import { makeClip, tempDir } from "../media/test-media.js";
import { isMissingObject } from "./s3-errors.js";
import { serveSource, type SourceServer } from "./source-server.js";

const storage = parseConfig(storageConfigSchema, inject("stackEnv"));
let s3: S3Client;
let tmp: Awaited<ReturnType<typeof tempDir>>;
const open: SourceServer[] = [];
const quiet = { info: () => undefined, warn: () => undefined };

beforeAll(async () => {
  s3 = createS3Client(storage);
  tmp = await tempDir("source-server");
});

afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  s3?.destroy();
  await tmp?.remove();
});

async function stored(body: Uint8Array | string): Promise<string> {
  const key = `uploads/src_${randomBytes(6).toString("hex")}/source`;
  await s3.send(new PutObjectCommand({ Bucket: storage.S3_BUCKET, Key: key, Body: body }));
  return key;
}

async function serve(key: string): Promise<SourceServer> {
  const source = await serveSource(s3, { bucket: storage.S3_BUCKET, key });
  open.push(source);
  return source;
}

const get = async (url: string, range?: string) => {
  const res = await fetch(url, range ? { headers: { Range: range } } : {});
  return { status: res.status, contentRange: res.headers.get("content-range"), body: Buffer.from(await res.arrayBuffer()) };
};

describe("serveSource", () => {
  it("serves the stored object whole and by byte ranges, and nothing else", async () => {
    const body = randomBytes(200_000);
    const source = await serve(await stored(body));
    expect(source.sizeBytes).toBe(body.length);
    expect(source.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}$/);

    const whole = await get(source.url);
    expect(whole.status).toBe(200);
    expect(whole.body.equals(body)).toBe(true);
    const middle = await get(source.url, "bytes=1000-1999");
    expect([middle.status, middle.contentRange]).toEqual([206, `bytes 1000-1999/${body.length}`]);
    expect(middle.body.equals(body.subarray(1000, 2000))).toBe(true);
    const tail = await get(source.url, "bytes=-10");
    expect(tail.body.equals(body.subarray(-10))).toBe(true);
    const rest = await get(source.url, "bytes=199990-");
    expect([rest.contentRange, rest.body.length]).toEqual([`bytes 199990-199999/${body.length}`, 10]);
    expect((await get(source.url, `bytes=${body.length}-`)).status).toBe(416);
    expect((await get(source.url.replace(/\/[0-9a-f]+$/, "/other"))).status).toBe(404);
    expect(source.storageError).toBeUndefined();
  });

  it("lets ffprobe read a video whose index is at the end of the file", async () => {
    // ffmpeg writes the MP4 index (moov) last by default, as many cameras do: a reader must seek to it.
    const clip = await makeClip(join(tmp.dir, "clip.mp4"), { width: 320, height: 240, seconds: 3, audio: true });
    const source = await serve(await stored(await readFile(clip)));
    const info = await probeMedia(source.url);
    expect(info).toMatchObject({ width: 320, height: 240, hasAudio: true });
    expect(info.durationSeconds).toBeCloseTo(3, 0);
    expect(source.storageError).toBeUndefined();
  });

  it("rejects as missing when the object is not there", async () => {
    const err = await serveSource(s3, { bucket: storage.S3_BUCKET, key: "uploads/never/source" }).catch((e: unknown) => e);
    expect(isMissingObject(err)).toBe(true);
  });

  it("fails a read of a source replaced since it was opened, and records it as storage's failure", async () => {
    const key = await stored(randomBytes(50_000));
    const source = await serve(key);
    await s3.send(new PutObjectCommand({ Bucket: storage.S3_BUCKET, Key: key, Body: randomBytes(50_000) }));
    expect((await get(source.url, "bytes=0-99")).status).toBe(502);
    expect(source.storageError).toMatchObject({ $metadata: { httpStatusCode: 412 } });
  });

  it("does not count a reader that leaves mid-read (ffmpeg seeking) as a storage failure", async () => {
    const source = await serve(await stored(randomBytes(8_000_000)));
    const leaving = new AbortController();
    const res = await fetch(source.url, { signal: leaving.signal });
    const reader = res.body!.getReader();
    await reader.read();
    leaving.abort();
    await reader.closed.catch(() => undefined);
    // A later read still works, and nothing was recorded.
    expect((await get(source.url, "bytes=0-9")).body.length).toBe(10);
    expect(source.storageError).toBeUndefined();
  });

  it("resumes a read that storage breaks off, so the reader gets one whole body", async () => {
    // A private S3, stopped (connections reset) while a large range is half read, and started again.
    const dataDir = await mkdtemp(join(tmpdir(), "source-server-s3-"));
    const start = (port = 0) => startLocalS3({ port, dataDir, bucket: "resume", corsOrigins: ["http://app.test"], log: quiet });
    let private3: RunningS3 = await start();
    const client = createS3Client(storageConfigFor(private3));
    try {
      const body = randomBytes(24 * 1024 * 1024);
      await client.send(new PutObjectCommand({ Bucket: "resume", Key: "uploads/big/source", Body: body }));
      const source = await serveSource(client, { bucket: "resume", key: "uploads/big/source", resumeDelayMs: 1_000 });
      open.push(source);
      const reader = (await fetch(source.url)).body!.getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      // Read a little, then leave the rest waiting in the pipes while storage goes away and comes back.
      while (received < 1024 * 1024) {
        const { value } = await reader.read();
        chunks.push(value!);
        received += value!.length;
      }
      const port = Number(new URL(private3.endpoint).port);
      await private3.stop();
      private3 = await start(port);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
      expect(Buffer.concat(chunks).equals(body)).toBe(true);
      expect(source.storageError).toBeUndefined();
    } finally {
      client.destroy();
      await private3.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
