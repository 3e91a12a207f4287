import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { VideoRow } from "../../shared/db/schema.js";
import { insertVideo, putOutputs, removeVideos } from "../../local/testing/catalog-fixtures.js";
import { edgeHarness, signUp, type Harness, type SignedUp } from "../../local/testing/edge-harness.js";

/** OWASP API Security Top 10 (2023), as what a caller sees. */
let h: Harness;
let owner: SignedUp;
let other: SignedUp;
const created: string[] = [];
type Subject = "public" | "unlisted" | "private" | "deleted" | "upload";
const subjects = {} as Record<Subject, VideoRow>;

beforeAll(async () => {
  h = await edgeHarness({ MAX_BODY_BYTES: "4096" });
  owner = await signUp(h, "Matrix Owner");
  other = await signUp(h, "Matrix Other");
  const make = async (over: Parameters<typeof insertVideo>[2]) => {
    const v = await insertVideo(h.ports.db, owner.userId, over);
    created.push(v.id);
    await putOutputs(inject("stackEnv"), v, {
      "manifest.mpd": { body: '<?xml version="1.0"?><MPD type="static"><Period/></MPD>', type: "application/dash+xml" },
    });
    return v;
  };
  subjects.public = await make({ visibility: "public" });
  subjects.unlisted = await make({ visibility: "unlisted" });
  subjects.private = await make({ visibility: "private" });
  subjects.deleted = await make({ visibility: "public", status: "deleted" });
  subjects.upload = await make({ visibility: "private", status: "awaiting_upload", outputs: null, publishedAt: null });
});
afterAll(async () => removeVideos(h.ports.db, created));

const callers = { owner: () => owner.token, other: () => other.token, anonymous: () => undefined } as const;
type Caller = keyof typeof callers;
type Expected = Record<Subject, Record<Caller, number>>;
const row = (owner: number, other: number, anonymous: number) => ({ owner, other, anonymous });
const everyone = (status: number) => row(status, status, status);

// Reads: visible ones to anyone, private ones to the owner only, deleted ones to no one, indistinguishable from missing.
const watch: Expected = {
  public: everyone(200),
  unlisted: everyone(200),
  private: row(200, 404, 404),
  deleted: everyone(404),
  upload: row(200, 404, 404),
};
const play: Expected = { ...watch, upload: everyone(404) };
// Writes: signed in, and the owner's own; someone else's video does not exist for them.
const write = (ownerStatus: number): Expected => ({
  public: row(ownerStatus, 404, 401),
  unlisted: row(ownerStatus, 404, 401),
  private: row(ownerStatus, 404, 401),
  deleted: row(404, 404, 401),
  upload: row(ownerStatus, 404, 401),
});

// Downloads: the owner's own, anyone else's where the owner allows it (these do not): seen but refused.
const download: Expected = {
  public: row(200, 403, 403),
  unlisted: row(200, 403, 403),
  private: row(200, 404, 404),
  deleted: everyone(404),
  upload: row(409, 404, 404),
};

const matrix: [string, (id: string) => string, Expected, object?][] = [
  ["GET", (id) => `/videos/${id}`, watch],
  ["GET", (id) => `/videos/${id}/playback`, play],
  ["GET", (id) => `/videos/${id}/manifest.mpd`, play],
  ["PATCH", (id) => `/videos/${id}`, write(200), { json: { title: "Renamed" } }],
  ["GET", (id) => `/videos/${id}/downloads`, download],
];
// Destructive or stateful for the owner: only who else may call them is checked here (their own suites cover the owner).
const strangersOnly: [string, (id: string) => string, object?][] = [
  ["DELETE", (id) => `/videos/${id}`],
  ["POST", (id) => `/uploads/${id}/complete`],
  ["POST", (id) => `/uploads/${id}/resume`],
  ["DELETE", (id) => `/uploads/${id}`],
  [
    "PUT",
    (id) => `/videos/${id}/captions/en`,
    { json: { label: "English", kind: "captions", content: "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n" } },
  ],
  ["POST", (id) => `/videos/${id}/captions/en/upload`, { json: { size_bytes: 10 } }],
  ["POST", (id) => `/videos/${id}/captions/en/complete`, { json: { label: "English", kind: "captions" } }],
  ["DELETE", (id) => `/videos/${id}/captions/en`],
];

describe("API1 broken object level authorization: the matrix", () => {
  it("answers every id route per caller and video state as the rules say", async () => {
    const seen: string[] = [];
    for (const [method, path, , opts] of matrix) {
      for (const subject of Object.keys(subjects) as Subject[]) {
        for (const caller of Object.keys(callers) as Caller[]) {
          const res = await h.call(method, path(subjects[subject].id), { token: callers[caller](), ...opts });
          seen.push(`${method} ${path(":id")} ${subject} ${caller} ${res.status}`);
          if (res.status >= 400) expect(Object.keys(res.body).sort()).toEqual(["data", "message"]);
        }
      }
    }
    const want = matrix.flatMap(([method, path, expected]) =>
      (Object.keys(subjects) as Subject[]).flatMap((subject) =>
        (Object.keys(callers) as Caller[]).map((caller) => `${method} ${path(":id")} ${subject} ${caller} ${expected[subject][caller]}`),
      ),
    );
    expect(seen).toEqual(want);
    for (const [method, path, opts] of strangersOnly) {
      for (const subject of Object.keys(subjects) as Subject[]) {
        expect((await h.call(method, path(subjects[subject].id), { ...opts })).status, `${method} ${subject} anonymous`).toBe(401);
        expect(
          (await h.call(method, path(subjects[subject].id), { token: other.token, ...opts })).status,
          `${method} ${subject} other`,
        ).toBe(404);
      }
    }
  });
});

describe("API3 broken object property level authorization: mass assignment", () => {
  it("refuses owner, status, ids and other unknown fields in PATCH bodies, and changes nothing", async () => {
    const v = subjects.public;
    for (const field of ["owner_id", "ownerId", "status", "id", "progress", "published_at", "error", "size_bytes"]) {
      const res = await h.call("PATCH", `/videos/${v.id}`, {
        token: owner.token,
        json: { title: "Taken over", [field]: field === "status" ? "ready" : other.userId },
      });
      expect(res.status, field).toBe(400);
      expect(res.body.data.errors[field], field).toEqual(["Unknown field."]);
    }
    for (const field of ["id", "email", "password", "created_at"]) {
      const res = await h.call("PATCH", "/users/me", { token: owner.token, json: { [field]: "x@example.test" } });
      expect(res.status, field).toBe(400);
    }
    const after = await h.call("GET", `/videos/${v.id}`, { token: owner.token });
    expect(after.body.data.video.title).not.toBe("Taken over");
    expect(after.body.data.owner?.id ?? after.body.data.video.owner.id).toBe(owner.userId);
  });
});

describe("API4 unrestricted resource consumption", () => {
  it("caps page sizes, bodies and unfinished uploads", async () => {
    expect((await h.call("GET", "/videos?limit=101")).status).toBe(400);
    expect((await h.call("GET", "/users/me/videos?limit=100000", { token: owner.token })).status).toBe(400);
    const big = await h.call("PATCH", `/videos/${subjects.public.id}`, { token: owner.token, json: { description: "d".repeat(8000) } });
    expect(big.status).toBe(413);
    expect(big.body.message).toBe("Payload Too Large");
    const uploader = await signUp(h, "Matrix Uploader");
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await h.call("POST", "/uploads", {
        token: uploader.token,
        json: { title: `t${i}`, filename: "a.mp4", content_type: "video/mp4", size_bytes: 1000 },
      });
      statuses.push(res.status);
      if (res.status === 201) created.push(res.body.data.video.id);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(h.ports.config.MAX_PENDING_UPLOADS);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("API8 security misconfiguration", () => {
  it("answers a method a route does not have with 405, Allow and the envelope", async () => {
    const cases: [string, string, string][] = [
      ["POST", `/videos/${subjects.public.id}/playback`, "GET, HEAD"],
      ["PUT", `/videos/${subjects.public.id}`, "GET, PATCH, DELETE, HEAD"],
      ["DELETE", "/users/me/settings", "GET, PUT, HEAD"],
      ["GET", "/auth/login", "POST"],
    ];
    for (const [method, path, allow] of cases) {
      const res = await h.call(method, path, { token: owner.token });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")!.split(", ").sort()).toEqual(allow.split(", ").sort());
      expect(res.body).toEqual({ message: "Method Not Allowed", data: {} });
    }
    expect((await h.call("POST", "/no/such/route")).status).toBe(404);
  });

  it("never shows a stack trace, SQL or an internal host name", async () => {
    const probes = [
      await h.call("GET", `/videos?cursor=${btoa(JSON.stringify(["+275760-09-13T00:00:00.000Z", "vid_x"]))}`),
      await h.call("GET", `/videos/${encodeURIComponent("vid_\u0000")}`),
      await h.call("PATCH", `/videos/${subjects.public.id}`, { token: owner.token, json: { title: "a\u0000b" } }),
      await h.call("POST", "/auth/login", { headers: { "content-type": "application/json" }, body: "{" }),
      await h.call("POST", "/uploads", { token: owner.token, json: { size_bytes: "1e309" } }),
    ];
    const env = inject("stackEnv") as Record<string, string>;
    const internal = [new URL(env.DATABASE_URL!).host, new URL(env.UPSTASH_REDIS_REST_URL!).host, new URL(env.S3_ENDPOINT!).host];
    for (const res of probes) {
      expect(res.status).toBeLessThan(500);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/\bat .*\.(ts|js):\d+|\bSELECT\b|\bINSERT\b|\bUPDATE "|postgres|drizzle|ZodError/i);
      for (const host of internal) expect(text).not.toContain(host);
    }
  });
});
