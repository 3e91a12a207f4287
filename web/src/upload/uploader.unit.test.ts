import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, createApiClient } from "../api.js";
import { TransferError } from "./put.js";
import { ResumeStore } from "./resume-store.js";
import { Upload, type UploadDeps } from "./uploader.js";
import { memoryStorage } from "./testing/memory-storage.js";

// The app's clients are made when api.ts loads, for this origin.
vi.hoisted(() => vi.stubGlobal("location", { origin: "http://app.test" }));

const file = new File([new Uint8Array(12).map((_, i) => i)], "clip.mp4", { type: "video/mp4", lastModified: 1_700_000_000_000 });
const urls = (tag: string) => [1, 2, 3].map((n) => ({ part_number: n, url: `https://s3.test/${tag}?partNumber=${n}` }));

/** The Upload against a scripted API and storage: which calls, which parts, what is remembered. */
function scripted(opts: { failPart?: (url: string, attempt: number) => TransferError | null; resume?: () => unknown } = {}) {
  const calls: { path: string; method: string; json?: unknown }[] = [];
  const puts: { url: string; bytes: number[] }[] = [];
  const attempts = new Map<string, number>();
  const deletes: string[] = [];
  const answer = (status: number, data: unknown) =>
    new Response(JSON.stringify({ message: status < 400 ? "OK" : "Error", data }), {
      status,
      headers: { "content-type": "application/json" },
    });
  const dataFor = (path: string, method: string): unknown => {
    if (method === "DELETE") return (deletes.push(path), {});
    if (path === "/uploads")
      return {
        video: { id: "vid_1", title: "Clip" },
        upload: { method: "multipart", upload_id: "u1", part_size: 5, parts: urls("first"), expires_at: "" },
      };
    if (path === "/uploads/vid_1/resume")
      return (
        opts.resume?.() ?? {
          video: { id: "vid_1" },
          upload: { method: "multipart", upload_id: "u1", part_size: 5, parts: urls("fresh"), expires_at: "" },
        }
      );
    if (path === "/uploads/vid_1/complete") return { video: { id: "vid_1", status: "queued" } };
    throw new Error(`unexpected ${path}`);
  };
  // The API as the generated client sees it: what it sends, and an envelope back (an ApiError thrown is that status).
  const api = createApiClient(async (request) => {
    const path = new URL(request.url).pathname;
    calls.push({ path, method: request.method, json: request.body ? await request.json() : undefined });
    try {
      return answer(200, dataFor(path, request.method));
    } catch (error) {
      if (error instanceof ApiError) return answer(error.status, {});
      throw error;
    }
  }, "http://app.test");
  const put: UploadDeps["put"] = async (url, body) => {
    const attempt = (attempts.get(url) ?? 0) + 1;
    attempts.set(url, attempt);
    const failure = opts.failPart?.(url, attempt);
    puts.push({ url, bytes: [...new Uint8Array(await body.arrayBuffer())] });
    if (failure) throw failure;
    return { etag: `"etag-${new URL(url).searchParams.get("partNumber")}"` };
  };
  return { api, put, calls, puts, deletes };
}

const intent = { title: "Clip", description: "", visibility: "private" as const, tags: ["Cats"], contentType: "video/mp4" };

beforeEach(() => vi.stubGlobal("navigator", { onLine: true }));
afterEach(() => vi.unstubAllGlobals());

describe("Upload", () => {
  it("creates the upload, sends every part's exact bytes, completes with the ETags in order and forgets the record", async () => {
    const store = new ResumeStore(memoryStorage());
    const s = scripted();
    const upload = new Upload(file, intent, { api: s.api, put: s.put, store, ownerId: "usr_a", retryDelaysMs: [] });
    await upload.start();
    expect(upload.state).toMatchObject({ phase: "done", sent: 12, total: 12 });
    expect(s.puts.map((p) => p.bytes)).toEqual(
      expect.arrayContaining([
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9],
        [10, 11],
      ]),
    );
    expect(s.calls.map((c) => c.path)).toEqual(["/uploads", "/uploads/vid_1/complete"]);
    expect(s.calls[0]!.json).toEqual({
      title: "Clip",
      description: "",
      visibility: "private",
      tags: ["Cats"],
      filename: "clip.mp4",
      content_type: "video/mp4",
      size_bytes: 12,
    });
    expect(s.calls[1]!.json).toEqual({ parts: [1, 2, 3].map((n) => ({ part_number: n, etag: `"etag-${n}"` })) });
    expect(store.list("usr_a")).toEqual([]);
  });

  it("retries a failing part, then stops after the parts in flight landed; a resumed Upload sends only that part", async () => {
    const storage = memoryStorage();
    let broken = true;
    const s = scripted({ failPart: (url) => (broken && url.includes("partNumber=2") ? new TransferError("network") : null) });
    const first = new Upload(file, intent, {
      api: s.api,
      put: s.put,
      store: new ResumeStore(storage),
      ownerId: "usr_a",
      retryDelaysMs: [0, 0],
    });
    await first.start();
    expect(first.state.phase).toBe("interrupted");
    expect(s.puts.filter((p) => p.url.includes("partNumber=2"))).toHaveLength(3);
    const record = new ResumeStore(storage).get("vid_1")!;
    expect(record).toMatchObject({
      uploadId: "u1",
      partSize: 5,
      parts: { 1: '"etag-1"', 3: '"etag-3"' },
      file: { name: "clip.mp4", size: 12, lastModified: 1_700_000_000_000 },
    });

    // After a reload: a new Upload from the record, fresh URLs, part 2 only.
    broken = false;
    s.puts.length = 0;
    const resumed = new Upload(file, { resume: record }, { api: s.api, put: s.put, store: new ResumeStore(storage), ownerId: "usr_a" });
    await resumed.start();
    expect(resumed.state.phase).toBe("done");
    expect(s.puts.map((p) => p.url)).toEqual(["https://s3.test/fresh?partNumber=2"]);
    expect(s.calls.at(-1)!.json).toEqual({ parts: [1, 2, 3].map((n) => ({ part_number: n, etag: `"etag-${n}"` })) });
    expect(new ResumeStore(storage).list("usr_a")).toEqual([]);
  });

  it("renews expired URLs once (one request for all parts) and carries on", async () => {
    const s = scripted({
      failPart: (url) =>
        url.includes("/first") ? new TransferError("http", 403, "<Error><Message>Request has expired</Message></Error>") : null,
    });
    const upload = new Upload(file, intent, {
      api: s.api,
      put: s.put,
      store: new ResumeStore(memoryStorage()),
      ownerId: "usr_a",
      retryDelaysMs: [],
    });
    await upload.start();
    expect(upload.state.phase).toBe("done");
    expect(s.calls.filter((c) => c.path.endsWith("/resume"))).toHaveLength(1);
    expect(
      s.puts
        .filter((p) => p.url.includes("/fresh"))
        .map((p) => p.url)
        .sort(),
    ).toEqual(urls("fresh").map((u) => u.url));
  });

  it("does not retry what retrying cannot fix, and says so", async () => {
    const s = scripted({ failPart: (url) => (url.includes("partNumber=1") ? new TransferError("http", 400, "bad") : null) });
    const upload = new Upload(file, intent, {
      api: s.api,
      put: s.put,
      store: new ResumeStore(memoryStorage()),
      ownerId: "usr_a",
      retryDelaysMs: [0, 0, 0],
    });
    await upload.start();
    expect(upload.state).toMatchObject({ phase: "interrupted" });
    expect(s.puts.filter((p) => p.url.includes("partNumber=1"))).toHaveLength(1);
  });

  it("a record of an upload completed meanwhile ends as done; of one cancelled elsewhere, as failed; both forgotten", async () => {
    for (const [status, phase] of [
      [409, "done"],
      [404, "failed"],
    ] as const) {
      const storage = memoryStorage();
      const store = new ResumeStore(storage);
      const record = {
        videoId: "vid_1",
        ownerId: "usr_a",
        title: "Clip",
        file: { name: "clip.mp4", size: 12, lastModified: 1, type: "video/mp4" },
        method: "multipart" as const,
        uploadId: "u1",
        partSize: 5,
        parts: {},
        createdAt: "",
      };
      store.save(record);
      const s = scripted({
        resume: () => {
          throw new ApiError(status, "no");
        },
      });
      const upload = new Upload(file, { resume: record }, { api: s.api, put: s.put, store, ownerId: "usr_a" });
      await upload.start();
      expect(upload.state.phase).toBe(phase);
      expect(store.list("usr_a")).toEqual([]);
      expect(s.puts).toEqual([]);
    }
  });

  it("cancel stops the transfer, deletes the upload and forgets it", async () => {
    const store = new ResumeStore(memoryStorage());
    const s = scripted();
    // Parts that never finish on their own: only the abort ends them.
    const put: UploadDeps["put"] = (_url, _body, o) =>
      new Promise((_, reject) => o?.signal?.addEventListener("abort", () => reject(new TransferError("aborted"))));
    const upload = new Upload(file, intent, { api: s.api, put, store, ownerId: "usr_a" });
    const running = upload.start();
    await vi.waitFor(() => expect(store.list("usr_a")).toHaveLength(1));
    await upload.cancel();
    await running;
    expect(upload.state.phase).toBe("cancelled");
    expect(s.deletes).toEqual(["/uploads/vid_1"]);
    expect(store.list("usr_a")).toEqual([]);
  });
});
