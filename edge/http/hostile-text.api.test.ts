import { beforeAll, describe, expect, it } from "vitest";
import { apiTestBed } from "../../local/testing/api-test-bed.js";
import { insertVideo } from "../../local/testing/catalog-fixtures.js";
import { uniqueEmail } from "../../local/testing/edge-harness.js";

const bed = apiTestBed({ owner: "Control Freak" });
let videoId: string;

beforeAll(async () => {
  const video = await insertVideo(bed.h.ports.db, bed.user.owner.userId);
  bed.created.push(video.id);
  videoId = video.id;
});

const CONTROL = ["\u0000", "\u0001", "\u001b", "\u007f"];
const b64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("control characters and out-of-range cursors", () => {
  it("are refused with a 400 naming the field, never a server error", async () => {
    for (const ch of CONTROL) {
      const bad = `a${ch}b`;
      const shapes: [string, string, { json?: unknown; token?: string }, string][] = [
        ["POST", "/auth/register", { json: { name: `Name ${bad}`, email: uniqueEmail(), password: "long enough pw" } }, "name"],
        ["PATCH", "/users/me", { token: bed.user.owner.token, json: { name: `Name ${bad}` } }, "name"],
        ["PATCH", `/videos/${videoId}`, { token: bed.user.owner.token, json: { title: bad } }, "title"],
        ["PATCH", `/videos/${videoId}`, { token: bed.user.owner.token, json: { description: bad } }, "description"],
        [
          "POST",
          "/uploads",
          { token: bed.user.owner.token, json: { title: bad, filename: "a.mp4", content_type: "video/mp4", size_bytes: 10 } },
          "title",
        ],
        [
          "POST",
          "/uploads",
          {
            token: bed.user.owner.token,
            json: { title: "t", description: bad, filename: "a.mp4", content_type: "video/mp4", size_bytes: 10 },
          },
          "description",
        ],
        [
          "POST",
          "/videos/upload/webhook",
          { token: bed.user.owner.token, json: { video_id: `vid_${bad}`, thumbnail_id: `vid_${bad}`, title: "t" } },
          "video_id",
        ],
        [
          "POST",
          `/uploads/${videoId}/complete`,
          { token: bed.user.owner.token, json: { parts: [{ part_number: 1, etag: bad }] } },
          "parts",
        ],
        ["GET", `/videos/${encodeURIComponent(`vid_${bad}`)}`, {}, "id"],
        ["GET", `/videos/${encodeURIComponent(`vid_${bad}`)}/manifest.mpd`, {}, "id"],
        ["DELETE", `/uploads/${encodeURIComponent(`vid_${bad}`)}`, { token: bed.user.owner.token }, "id"],
        ["GET", `/videos?cursor=${encodeURIComponent(bad)}`, {}, "cursor"],
        [
          "GET",
          `/users/me/videos?cursor=${b64url(JSON.stringify(["2026-01-01T00:00:00Z", `vid_${bad}`]))}`,
          { token: bed.user.owner.token },
          "cursor",
        ],
      ];
      for (const [method, path, opts, field] of shapes) {
        const res = await bed.h.call(method, path, opts);
        expect(res.status, `${method} ${path} ${JSON.stringify(ch)}`).toBe(400);
        expect(res.body.message).toBe("Bad Request");
        expect(res.body.data.errors[field].length, `${method} ${path} ${field}`).toBeGreaterThan(0);
      }
    }
  });

  it("keeps line breaks and tabs where people write paragraphs", async () => {
    const res = await bed.h.call("PATCH", `/videos/${videoId}`, {
      token: bed.user.owner.token,
      json: { description: "line one\n\tline two\r\n" },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.video.description).toBe("line one\n\tline two\r\n");
  });

  it("refuses a cursor whose date Postgres cannot compare", async () => {
    for (const at of ["+275760-09-13T00:00:00.000Z", "-000001-01-01T00:00:00.000Z"]) {
      const cursor = b64url(JSON.stringify([at, videoId]));
      for (const [path, token] of [
        ["/videos", undefined],
        ["/users/me/videos", bed.user.owner.token],
      ] as const) {
        const res = await bed.h.call("GET", `${path}?cursor=${cursor}`, { token });
        expect(res.status, `${path} ${at}`).toBe(400);
        // The public list also takes a search and a tag.
        const others = path === "/videos" ? { q: [], tag: [] } : {};
        expect(res.body.data.errors).toEqual({ limit: [], cursor: ["The cursor is not valid."], ...others });
      }
    }
  });
});
