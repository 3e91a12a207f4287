import { describe, expect, it } from "vitest";
import { canMove, deleteJob, statusesBefore, TRANSITIONS, VIDEO_STATUSES, type VideoStatus } from "./video-lifecycle.js";

/** Every status a video can reach from `from` by any number of moves. */
function reachable(from: VideoStatus): Set<VideoStatus> {
  const seen = new Set<VideoStatus>();
  const walk = (status: VideoStatus) => {
    for (const next of TRANSITIONS[status]) if (!seen.has(next)) (seen.add(next), walk(next));
  };
  walk(from);
  return seen;
}

describe("the video lifecycle", () => {
  it("takes an upload through queued and processing to ready or failed", () => {
    expect(canMove("awaiting_upload", "queued")).toBe(true);
    expect(canMove("queued", "processing")).toBe(true);
    expect(canMove("processing", "ready")).toBe(true);
    expect(canMove("processing", "failed")).toBe(true);
    // An adopted revision or a job given up on before any progress event.
    expect(canMove("queued", "ready")).toBe(true);
    expect(canMove("queued", "failed")).toBe(true);
  });

  it("lets any video but a deleted one be deleted, and nothing leave deleted", () => {
    for (const status of VIDEO_STATUSES) expect(canMove(status, "deleted"), status).toBe(status !== "deleted");
    expect(TRANSITIONS.deleted).toEqual([]);
  });

  it("only moves forward: no status comes back once left, except processing updating itself", () => {
    for (const status of VIDEO_STATUSES) {
      const back = reachable(status).has(status);
      expect(back, status).toBe(status === "processing");
    }
    expect(canMove("ready", "processing")).toBe(false);
    expect(canMove("failed", "queued")).toBe(false);
    expect(canMove("awaiting_upload", "processing")).toBe(false);
  });

  it("names the statuses a move may start from, the list every SQL guard is made of", () => {
    expect(statusesBefore("queued")).toEqual(["awaiting_upload"]);
    expect(statusesBefore("processing")).toEqual(["queued", "processing"]);
    expect(statusesBefore("ready")).toEqual(["queued", "processing"]);
    expect(statusesBefore("failed")).toEqual(["queued", "processing"]);
    expect(statusesBefore("deleted")).toEqual(["awaiting_upload", "queued", "processing", "ready", "failed"]);
    expect(statusesBefore("awaiting_upload")).toEqual([]);
  });
});

describe("jobs.delete", () => {
  it("deletes the whole video unless told to remove only the outputs, and refuses other scopes", () => {
    const base = { video_id: "vid_1", requested_at: "2026-01-01T00:00:00Z" };
    expect(deleteJob.parse(base)).toMatchObject({ scope: "video", trace: {} });
    expect(deleteJob.parse({ ...base, scope: "outputs" }).scope).toBe("outputs");
    expect(deleteJob.safeParse({ ...base, scope: "source" }).success).toBe(false);
    // Jobs queued before the owner left the payload still read.
    expect(deleteJob.parse({ ...base, owner_id: "usr_1" })).not.toHaveProperty("owner_id");
  });
});
