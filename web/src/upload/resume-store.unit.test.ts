import { describe, expect, it } from "vitest";
import { ResumeStore, sameFile, type ResumeRecord } from "./resume-store.js";
import { memoryStorage } from "./testing/memory-storage.js";

const record = (over: Partial<ResumeRecord> = {}): ResumeRecord => ({
  videoId: "vid_1",
  ownerId: "usr_a",
  title: "Holiday",
  file: { name: "holiday.mp4", size: 12_000_000, lastModified: 1_700_000_000_000, type: "video/mp4" },
  method: "multipart",
  uploadId: "upload-1",
  partSize: 5_242_880,
  parts: {},
  createdAt: "2026-01-01T00:00:00.000Z",
  ...over,
});

describe("resume records", () => {
  it("keeps each part's ETag as soon as it is stored, and survives a new store over the same storage (a reload)", () => {
    const storage = memoryStorage();
    new ResumeStore(storage).save(record());
    new ResumeStore(storage).partSent("vid_1", 1, '"etag-1"');
    new ResumeStore(storage).partSent("vid_1", 3, '"etag-3"');
    expect(new ResumeStore(storage).get("vid_1")?.parts).toEqual({ 1: '"etag-1"', 3: '"etag-3"' });
  });

  it("lists one user's unfinished uploads, oldest first, and forgets removed ones", () => {
    const store = new ResumeStore(memoryStorage());
    store.save(record({ videoId: "vid_2", createdAt: "2026-01-02T00:00:00.000Z" }));
    store.save(record({ videoId: "vid_1" }));
    store.save(record({ videoId: "vid_3", ownerId: "usr_b" }));
    expect(store.list("usr_a").map((r) => r.videoId)).toEqual(["vid_1", "vid_2"]);
    store.remove("vid_1");
    expect(store.list("usr_a").map((r) => r.videoId)).toEqual(["vid_2"]);
  });

  it("ignores what it cannot read, and keeps working when storage refuses to write", () => {
    const storage = memoryStorage();
    storage.setItem("vod.upload.vid_bad", "{not json");
    storage.setItem("unrelated", "x");
    expect(new ResumeStore(storage).list("usr_a")).toEqual([]);
    const full = {
      ...memoryStorage(),
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    } as unknown as Storage;
    expect(() => new ResumeStore(full).save(record())).not.toThrow();
  });

  it("matches the same file by name, size and modification time", () => {
    const file = record().file;
    expect(sameFile(file, { name: "holiday.mp4", size: 12_000_000, lastModified: 1_700_000_000_000 })).toBe(true);
    expect(sameFile(file, { ...file, size: 12_000_001 })).toBe(false);
    expect(sameFile(file, { ...file, lastModified: 1 })).toBe(false);
    expect(sameFile(file, { ...file, name: "other.mp4" })).toBe(false);
  });
});
