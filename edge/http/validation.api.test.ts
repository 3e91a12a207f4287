import { describe, expect, it } from "vitest";
import { apiTestBed } from "../../local/testing/api-test-bed.js";
import { insertVideo } from "../../local/testing/catalog-fixtures.js";

const bed = apiTestBed({ owner: "Strict Parser" });

/** Exactly the envelope of a validation error, naming every field of the part that failed. */
function expectFieldErrors(res: { status: number; body: any }, fields: string[], failing: string) {
  expect(res.status).toBe(400);
  expect(res.body.message).toBe("Bad Request");
  expect(Object.keys(res.body).sort()).toEqual(["data", "message"]);
  for (const field of fields) expect(res.body.data.errors[field], field).toBeInstanceOf(Array);
  expect(res.body.data.errors[failing].length, failing).toBeGreaterThan(0);
}

describe("validation of every part of a request answers with the envelope", () => {
  const longId = `vid_${"a".repeat(61)}`;
  const auth = () => ({ token: bed.user.owner.token });

  it("for a path id that cannot be an id, on every route that takes one", async () => {
    const calls: [string, string, object?][] = [
      ["GET", `/videos/${longId}`],
      ["GET", `/videos/${longId}/playback`],
      ["GET", `/videos/${longId}/manifest.mpd`],
      ["GET", `/videos/${longId}/master.m3u8`],
      ["GET", `/videos/${longId}/storyboard.vtt`],
      ["GET", `/videos/${longId}/hls/720p.m3u8`],
      ["PATCH", `/videos/${longId}`, { json: { title: "x" } }],
      ["DELETE", `/videos/${longId}`],
      ["POST", `/uploads/${longId}/complete`],
      ["POST", `/uploads/${longId}/resume`],
      ["DELETE", `/uploads/${longId}`],
    ];
    for (const [method, path, opts] of calls) {
      const res = await bed.h.call(method, path, { ...auth(), ...opts });
      expectFieldErrors(res, ["id"], "id");
    }
  });

  it("for a bad HLS playlist name and a bad query", async () => {
    const video = await insertVideo(bed.h.ports.db, bed.user.owner.userId);
    bed.created.push(video.id);
    expectFieldErrors(await bed.h.call("GET", `/videos/${video.id}/hls/..%2fsecret`), ["id", "name"], "name");
    expectFieldErrors(await bed.h.call("GET", `/videos/${video.id}/manifest.mpd?token=${"t".repeat(3000)}`), ["token"], "token");
    expectFieldErrors(await bed.h.call("GET", "/videos?limit=abc"), ["limit", "cursor"], "limit");
  });
});

describe("a required body is required", () => {
  const routes: [string, string, string[]][] = [
    ["PUT", "/users/me/settings", ["default_quality", "autoplay", "captions_language", "playback_speed", "email_notifications"]],
    ["PATCH", "/users/me", ["name", "image_url"]],
    ["POST", "/uploads", ["title", "description", "filename", "content_type", "size_bytes", "visibility"]],
  ];

  it("answers a missing body with 400 naming it, every field listed", async () => {
    for (const [method, path, fields] of routes) {
      const res = await bed.h.call(method, path, { token: bed.user.owner.token });
      expectFieldErrors(res, fields, "body");
      expect(res.body.data.errors.body).toEqual(["A JSON body is required (Content-Type: application/json)."]);
    }
  });

  it("leaves the settings as they were when a PUT comes without a body", async () => {
    const mine = { default_quality: "720p", autoplay: false, captions_language: "pt-BR", playback_speed: 1.5, email_notifications: false };
    expect((await bed.h.call("PUT", "/users/me/settings", { token: bed.user.owner.token, json: mine })).status).toBe(200);
    expect((await bed.h.call("PUT", "/users/me/settings", { token: bed.user.owner.token })).status).toBe(400);
    const after = await bed.h.call("GET", "/users/me/settings", { token: bed.user.owner.token });
    expect(after.body.data.settings).toEqual(mine);
  });

  it("still lets PATCH change nothing when the body is an empty object", async () => {
    const video = await insertVideo(bed.h.ports.db, bed.user.owner.userId);
    bed.created.push(video.id);
    const res = await bed.h.call("PATCH", `/videos/${video.id}`, { token: bed.user.owner.token, json: {} });
    expect(res.status).toBe(200);
    expect(res.body.data.video.title).toBe(video.title);
    expectFieldErrors(
      await bed.h.call("PATCH", `/videos/${video.id}`, { token: bed.user.owner.token }),
      ["title", "description", "visibility"],
      "body",
    );
  });
});

describe("numbers in a query string", () => {
  it("are decimal digits only", async () => {
    for (const limit of ["0x10", "1e1", "0b11", " 5", "5.0", "", "-1", "+3"]) {
      const res = await bed.h.call("GET", `/videos?limit=${encodeURIComponent(limit)}`);
      expectFieldErrors(res, ["limit", "cursor"], "limit");
    }
    expect((await bed.h.call("GET", "/videos?limit=016")).status).toBe(200);
  });
});
