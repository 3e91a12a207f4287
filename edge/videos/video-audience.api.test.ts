import { describe, expect, it } from "vitest";
import { apiTestBed } from "../../local/testing/api-test-bed.js";
import { VIEWER_VIDEO_FIELDS, videoView } from "../../shared/contracts/uploads.js";
import { insertVideo } from "../../local/testing/catalog-fixtures.js";

const bed = apiTestBed({ owner: "Field Owner", stranger: "Field Stranger" });

// Decided per field: what the uploaded file was and why an encode failed are the owner's business.
const OWNER_ONLY = ["original_filename", "size_bytes", "content_type", "error"];

describe("who sees which field of GET /videos/:id", () => {
  it("shows a viewer only the viewer fields, the owner every field", async () => {
    const video = await insertVideo(bed.h.ports.db, bed.user.owner.userId, {
      status: "failed",
      error: "ffmpeg: /srv/enc/tmp/x.mp4 corrupt",
      originalFilename: "holiday-private.mov",
      outputs: null,
    });
    bed.created.push(video.id);
    const viewerFields = [...Object.keys(VIEWER_VIDEO_FIELDS), "owner", "poster_url"].sort();
    for (const token of [undefined, bed.user.stranger.token]) {
      const res = await bed.h.call("GET", `/videos/${video.id}`, { token });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.data.video).sort()).toEqual(viewerFields);
      for (const field of OWNER_ONLY) expect(res.body.data.video, field).not.toHaveProperty(field);
      expect(JSON.stringify(res.body)).not.toContain("holiday-private");
    }
    const mine = await bed.h.call("GET", `/videos/${video.id}`, { token: bed.user.owner.token });
    expect(Object.keys(mine.body.data.video).sort()).toEqual([...Object.keys(videoView.shape), "owner", "poster_url"].sort());
    expect(mine.body.data.video).toMatchObject({
      original_filename: "holiday-private.mov",
      size_bytes: 1000,
      content_type: "video/mp4",
      error: "ffmpeg: /srv/enc/tmp/x.mp4 corrupt",
    });
  });

  it("names every owner-only field outside the viewer allow-list", () => {
    expect(
      Object.keys(videoView.shape)
        .filter((k) => !(k in VIEWER_VIDEO_FIELDS))
        .sort(),
    ).toEqual([...OWNER_ONLY].sort());
  });
});
