import { createHash, randomBytes } from "node:crypto";
import { connect, type Msg } from "@nats-io/transport-node";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { outbox, videos } from "../../shared/db/schema.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { edgeHarness, signUp, type Harness, type SignedUp } from "../../local/testing/edge-harness.js";
import { eventually } from "../../local/testing/jetstream.js";

const MiB = 1024 * 1024;
let h: Harness;
let owner: SignedUp;

beforeAll(async () => {
  // Small thresholds so the multipart path runs with a few MiB.
  h = await edgeHarness({
    SINGLE_PUT_MAX_BYTES: String(8 * MiB),
    MULTIPART_PART_BYTES: String(5 * MiB),
    MAX_UPLOAD_BYTES: String(64 * MiB),
  });
  owner = await signUp(h);
});

const intent = (over: Record<string, unknown> = {}) => ({
  title: "Holiday clip",
  description: "At the beach",
  filename: "beach.mp4",
  content_type: "video/mp4",
  size_bytes: 1024,
  ...over,
});

async function outboxFor(videoId: string) {
  const rows = await h.ports.db.select().from(outbox);
  return rows.filter((r) => (r.payload as { video_id?: string }).video_id === videoId);
}

async function putBytes(url: string, headers: Record<string, string>, bytes: Uint8Array<ArrayBuffer>) {
  return fetch(url, { method: "PUT", headers, body: new Blob([bytes]) });
}

describe("POST /uploads (single PUT)", () => {
  it("creates an awaiting_upload video and a PUT URL bound to its type and size; complete queues one encode job", async () => {
    const bytes = new Uint8Array(randomBytes(4096));
    const created = await h.call("POST", "/uploads", {
      token: owner.token,
      json: intent({ size_bytes: bytes.length, visibility: "unlisted" }),
    });
    expect(created.status).toBe(201);
    const { video, upload } = created.body.data;
    expect(video).toMatchObject({
      status: "awaiting_upload",
      title: "Holiday clip",
      visibility: "unlisted",
      size_bytes: 4096,
      content_type: "video/mp4",
      original_filename: "beach.mp4",
    });
    expect(video.id).toMatch(/^vid_/);
    expect(upload).toMatchObject({ method: "PUT", headers: { "Content-Type": "video/mp4" } });
    expect(Date.parse(upload.expires_at)).toBeGreaterThan(Date.now());

    expect((await putBytes(upload.url, upload.headers, bytes)).status).toBe(200);
    const done = await h.call("POST", `/uploads/${video.id}/complete`, {
      token: owner.token,
      headers: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
    });
    expect(done.status).toBe(202);
    // The stack's encoders may have reported progress already: the hand-off takes milliseconds.
    expect(done.body.data.video).toMatchObject({ id: video.id, status: expect.stringMatching(/^(queued|processing)$/) });

    const jobs = await outboxFor(video.id);
    expect(jobs).toHaveLength(1);
    // The caller's trace continues with the edge's own request span as the parent, in the row's headers and in the job.
    const traceparent = (jobs[0]!.headers as { traceparent: string }).traceparent;
    expect(traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(traceparent).not.toContain("b7ad6b7169203331");
    expect(jobs[0]).toMatchObject({ subject: "jobs.encode", payload: { trace: { traceparent } } });
    expect(jobs[0]!.payload).toMatchObject({
      video_id: video.id,
      owner_id: owner.userId,
      source_key: storageKeys.source(video.id),
      content_type: "video/mp4",
      size_bytes: 4096,
    });

    // Completing again answers 202 and queues nothing new.
    const again = await h.call("POST", `/uploads/${video.id}/complete`, { token: owner.token });
    expect(again.status).toBe(202);
    expect(await outboxFor(video.id)).toHaveLength(1);
  });

  it("hands the job to JetStream: the relay publishes the outbox row once, with its trace context", async () => {
    // A plain subscription sees every publish on the subject without consuming: in the work-queue stream
    // the stack's encoders may take (and remove) the job before a test could read it there.
    const nc = await connect({ servers: inject("stackEnv").NATS_URL!.split(",") });
    const published: Msg[] = [];
    nc.subscribe(SUBJECTS.encode, { callback: (_err, msg) => void published.push(msg) });
    await nc.flush();
    try {
      const bytes = new Uint8Array(randomBytes(512));
      const created = await h.call("POST", "/uploads", { token: owner.token, json: intent({ size_bytes: bytes.length }) });
      const { video, upload } = created.body.data;
      await putBytes(upload.url, upload.headers, bytes);
      const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
      expect((await h.call("POST", `/uploads/${video.id}/complete`, { token: owner.token, headers: { traceparent } })).status).toBe(202);

      const [row] = await outboxFor(video.id);
      await eventually(async () => (await h.ports.db.select().from(outbox).where(eq(outbox.id, row!.id)))[0]?.publishedAt);
      const ours = () => published.filter((m) => m.headers?.get("Nats-Msg-Id") === row!.id);
      await eventually(async () => ours().length > 0);
      expect(ours()).toHaveLength(1);
      const [message] = ours();
      expect(message!.subject).toBe("jobs.encode");
      // The stack's relay exports no traces: its span is the stored context, passed on unchanged.
      const stored = (row!.headers as { traceparent: string }).traceparent;
      expect(stored.slice(0, 36)).toBe(traceparent.slice(0, 36));
      expect(message!.headers?.get("traceparent")).toBe(stored);
      expect(message!.json()).toMatchObject({
        video_id: video.id,
        owner_id: owner.userId,
        source_key: storageKeys.source(video.id),
        size_bytes: 512,
        content_type: "video/mp4",
      });
    } finally {
      await nc.close();
    }
  });

  it("answers 409 when the bytes have not arrived and 422 when the size differs, queuing nothing", async () => {
    const created = await h.call("POST", "/uploads", { token: owner.token, json: intent({ size_bytes: 2048 }) });
    const { video, upload } = created.body.data;
    const early = await h.call("POST", `/uploads/${video.id}/complete`, { token: owner.token });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe("Conflict");

    // The local store does not check signatures, so a wrong-sized body can land: the edge must catch it.
    await putBytes(upload.url, { "Content-Type": "video/mp4" }, new Uint8Array(randomBytes(1000)));
    const mismatch = await h.call("POST", `/uploads/${video.id}/complete`, { token: owner.token });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.data.reason).toContain("1000");
    expect(await outboxFor(video.id)).toHaveLength(0);
    const [row] = await h.ports.db.select().from(videos).where(eq(videos.id, video.id));
    expect(row!.status).toBe("awaiting_upload");
  });

  it("validates every field and refuses non-video types", async () => {
    const res = await h.call("POST", "/uploads", {
      token: owner.token,
      json: { title: "", filename: "a/b.mp4", content_type: "image/png", size_bytes: -1, visibility: "secret" },
    });
    expect(res.status).toBe(400);
    expect(res.body.data.errors).toMatchObject({
      title: ["The title field is required."],
      description: [],
      filename: ["The filename may not contain slashes or control characters."],
      content_type: [expect.stringContaining("must be a video type")],
      size_bytes: ["The size_bytes must be greater than 0."],
      visibility: [expect.stringContaining("must be one of")],
    });
    const long = await h.call("POST", "/uploads", {
      token: owner.token,
      json: intent({ title: "t".repeat(201), description: "d".repeat(5001) }),
    });
    expect(long.body.data.errors.title).toEqual(["The title may not be greater than 200 characters."]);
    expect(long.body.data.errors.description).toEqual(["The description may not be greater than 5000 characters."]);
  });

  it("answers 413 above MAX_UPLOAD_BYTES, and no bad request leaves a row behind", async () => {
    const user = await signUp(h);
    const res = await h.call("POST", "/uploads", { token: user.token, json: intent({ size_bytes: 64 * MiB + 1 }) });
    expect(res.status).toBe(413);
    expect(res.body.message).toBe("Payload Too Large");
    expect((await h.call("POST", "/uploads", { token: user.token, json: intent({ content_type: "text/html" }) })).status).toBe(400);
    expect(
      (await h.call("POST", "/uploads", { token: user.token, body: "{oops", headers: { "content-type": "application/json" } })).status,
    ).toBe(400);
    expect(await h.ports.db.select().from(videos).where(eq(videos.ownerId, user.userId))).toEqual([]);
  });

  it("needs a signed-in user", async () => {
    expect((await h.call("POST", "/uploads", { json: intent() })).status).toBe(401);
  });
});

describe("POST /uploads (multipart)", () => {
  it("hands out presigned part URLs; three parts complete into the exact file", async () => {
    const file = randomBytes(11 * MiB + 12345);
    const created = await h.call("POST", "/uploads", {
      token: owner.token,
      json: intent({ size_bytes: file.length, filename: "long.mkv", content_type: "video/x-matroska" }),
    });
    expect(created.status).toBe(201);
    const { video, upload } = created.body.data;
    expect(upload).toMatchObject({ method: "multipart", part_size: 5 * MiB });
    expect(upload.parts.map((p: { part_number: number }) => p.part_number)).toEqual([1, 2, 3]);

    const etags = await Promise.all(
      upload.parts.map(async (part: { part_number: number; url: string }) => {
        const chunk = file.subarray((part.part_number - 1) * upload.part_size, part.part_number * upload.part_size);
        const res = await fetch(part.url, { method: "PUT", body: new Blob([chunk]) });
        expect(res.status).toBe(200);
        return { part_number: part.part_number, etag: res.headers.get("etag")! };
      }),
    );

    const missing = await h.call("POST", `/uploads/${video.id}/complete`, { token: owner.token, json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.data.errors.parts).toEqual(["The parts field is required for a multipart upload."]);

    const done = await h.call("POST", `/uploads/${video.id}/complete`, { token: owner.token, json: { parts: etags } });
    expect(done.status).toBe(202);
    expect(["queued", "processing"]).toContain(done.body.data.video.status);

    const stored = await fetch(`${h.ports.config.S3_ENDPOINT}/${h.ports.config.S3_BUCKET}/${storageKeys.source(video.id)}`);
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    // The local stand-in serves objects to anyone on loopback; real buckets are private.
    expect(sha(new Uint8Array(await stored.arrayBuffer()))).toBe(sha(file));
    expect(await outboxFor(video.id)).toHaveLength(1);
  });

  it("refuses parts that do not match what was uploaded", async () => {
    const created = await h.call("POST", "/uploads", { token: owner.token, json: intent({ size_bytes: 10 * MiB + 1 }) });
    const { video } = created.body.data;
    const res = await h.call("POST", `/uploads/${video.id}/complete`, {
      token: owner.token,
      json: {
        parts: [
          { part_number: 1, etag: '"nope"' },
          { part_number: 2, etag: '"nope"' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.data.errors.parts[0]).toContain("do not match");
    // The upload stays open, so the owner can still cancel it: the multipart upload is aborted.
    expect((await h.call("DELETE", `/uploads/${video.id}`, { token: owner.token })).status).toBe(200);
    const [row] = await h.ports.db.select().from(videos).where(eq(videos.id, video.id));
    expect(row).toMatchObject({ status: "deleted", multipartUploadId: null });
  });
});

describe("POST /uploads/:id/resume", () => {
  it("signs fresh URLs for the same multipart upload: parts sent before stay, the rest completes the file", async () => {
    const user = await signUp(h);
    const file = randomBytes(10 * MiB + 777);
    const created = await h.call("POST", "/uploads", { token: user.token, json: intent({ size_bytes: file.length }) });
    const { video, upload } = created.body.data;
    const chunk = (n: number) => file.subarray((n - 1) * upload.part_size, n * upload.part_size);
    const first = await fetch(upload.parts[0].url, { method: "PUT", body: new Blob([chunk(1)]) });
    expect(first.status).toBe(200);

    const resumed = await h.call("POST", `/uploads/${video.id}/resume`, { token: user.token });
    expect(resumed.status).toBe(200);
    expect(resumed.body.data.video).toMatchObject({ id: video.id, status: "awaiting_upload" });
    expect(resumed.body.data.upload).toMatchObject({ method: "multipart", upload_id: upload.upload_id, part_size: upload.part_size });
    expect(resumed.body.data.upload.parts.map((p: { part_number: number }) => p.part_number)).toEqual([1, 2, 3]);
    expect(Date.parse(resumed.body.data.upload.expires_at)).toBeGreaterThanOrEqual(Date.parse(upload.expires_at));

    // Only the parts not sent yet, through the fresh URLs; part 1 keeps its first ETag.
    const rest = await Promise.all(
      [2, 3].map(async (n) => {
        const res = await fetch(resumed.body.data.upload.parts[n - 1].url, { method: "PUT", body: new Blob([chunk(n)]) });
        return { part_number: n, etag: res.headers.get("etag")! };
      }),
    );
    const parts = [{ part_number: 1, etag: first.headers.get("etag")! }, ...rest];
    expect((await h.call("POST", `/uploads/${video.id}/complete`, { token: user.token, json: { parts } })).status).toBe(202);
    const stored = await h.ports.storage.head(storageKeys.source(video.id));
    expect(stored?.sizeBytes).toBe(file.length);

    const done = await h.call("POST", `/uploads/${video.id}/resume`, { token: user.token });
    expect(done.status).toBe(409);
  });

  it("signs a fresh single PUT bound to the same type and size, and hides other users' uploads", async () => {
    const user = await signUp(h);
    const created = await h.call("POST", "/uploads", { token: user.token, json: intent({ size_bytes: 3 }) });
    const { video } = created.body.data;
    const resumed = await h.call("POST", `/uploads/${video.id}/resume`, { token: user.token });
    expect(resumed.status).toBe(200);
    expect(resumed.body.data.upload).toMatchObject({ method: "PUT", headers: { "Content-Type": "video/mp4" } });
    expect((await putBytes(resumed.body.data.upload.url, resumed.body.data.upload.headers, new Uint8Array([1, 2, 3]))).status).toBe(200);

    const stranger = await signUp(h);
    expect((await h.call("POST", `/uploads/${video.id}/resume`, { token: stranger.token })).status).toBe(404);
    expect((await h.call("POST", `/uploads/${video.id}/resume`)).status).toBe(401);
  });
});

describe("owner checks, cancellation and quota", () => {
  it("hides another user's upload behind 404", async () => {
    const created = await h.call("POST", "/uploads", { token: owner.token, json: intent() });
    const stranger = await signUp(h);
    const id = created.body.data.video.id;
    expect((await h.call("POST", `/uploads/${id}/complete`, { token: stranger.token })).status).toBe(404);
    expect((await h.call("DELETE", `/uploads/${id}`, { token: stranger.token })).status).toBe(404);
    expect((await h.call("POST", `/uploads/vid_doesnotexist/complete`, { token: owner.token })).status).toBe(404);
  });

  it("DELETE aborts the upload, removes the bytes and marks the video deleted", async () => {
    const user = await signUp(h);
    const created = await h.call("POST", "/uploads", { token: user.token, json: intent({ size_bytes: 3 }) });
    const { video, upload } = created.body.data;
    await putBytes(upload.url, upload.headers, new Uint8Array([1, 2, 3]));
    const res = await h.call("DELETE", `/uploads/${video.id}`, { token: user.token });
    expect(res.status).toBe(200);
    expect(await h.ports.storage.head(storageKeys.source(video.id))).toBeNull();
    const [row] = await h.ports.db.select().from(videos).where(eq(videos.id, video.id));
    expect(row).toMatchObject({ status: "deleted", multipartUploadId: null });
    expect(row!.deletedAt).not.toBeNull();
    // The bytes are already gone: no deletion job to queue.
    expect(await outboxFor(video.id)).toHaveLength(0);
    expect((await h.call("POST", `/uploads/${video.id}/complete`, { token: user.token })).status).toBe(404);
    expect((await h.call("DELETE", `/uploads/${video.id}`, { token: user.token })).status).toBe(404);
  });

  it("limits unfinished uploads per user with 429 and Retry-After, even when requested at once", async () => {
    const user = await signUp(h);
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.call("POST", "/uploads", { token: user.token, json: intent() })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    const refused = answers.find((a) => a.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Finishing or cancelling one frees a slot.
    await h.call("DELETE", `/uploads/${answers.find((a) => a.status === 201)!.body.data.video.id}`, { token: user.token });
    expect((await h.call("POST", "/uploads", { token: user.token, json: intent() })).status).toBe(201);
  });
});

describe("seed-compatible upload routes", () => {
  it("presigned-url then webhook queues the encode exactly as complete does", async () => {
    const user = await signUp(h);
    const urls = await h.call("POST", "/videos/upload/presigned-url", { token: user.token });
    expect(urls.status).toBe(200);
    const { video_id, thumbnail_id, video_url, thumbnail_url } = urls.body.data;
    expect(video_id).toMatch(/^vid_/);
    expect(thumbnail_id).toBe(video_id);
    expect(
      (await fetch(video_url, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: new Blob([randomBytes(2000)]) })).status,
    ).toBe(200);
    expect(
      (await fetch(thumbnail_url, { method: "PUT", headers: { "Content-Type": "image/jpeg" }, body: new Blob([randomBytes(100)]) })).status,
    ).toBe(200);

    const hook = await h.call("POST", "/videos/upload/webhook", {
      token: user.token,
      json: {
        video_id,
        thumbnail_id,
        title: "From the seed client",
        description: "old app",
        tags: ["Old App", "old  app"],
        language: "en",
      },
    });
    expect(hook.status).toBe(200);
    expect(hook.body.data.video).toMatchObject({
      id: video_id,
      status: expect.stringMatching(/^(queued|processing)$/),
      title: "From the seed client",
      tags: ["old app"],
      language: "en",
      size_bytes: 2000,
      visibility: "public",
    });
    expect(await outboxFor(video_id)).toHaveLength(1);
    expect(
      (await h.call("POST", "/videos/upload/webhook", { token: user.token, json: { video_id, thumbnail_id, title: "again" } })).status,
    ).toBe(200);
    expect(await outboxFor(video_id)).toHaveLength(1);
  });

  it("webhook validates its body and owner", async () => {
    const user = await signUp(h);
    const bad = await h.call("POST", "/videos/upload/webhook", { token: user.token, json: { video_id: "x" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.data.errors).sort()).toEqual(["description", "language", "tags", "thumbnail_id", "title", "video_id"]);
    const other = await h.call("POST", "/videos/upload/webhook", {
      token: user.token,
      json: { video_id: "vid_x", thumbnail_id: "vid_x", title: "t" },
    });
    expect(other.status).toBe(404);
  });
});
