import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { statusesBefore, VIDEO_STATUSES, type DeleteJob } from "../contracts/video-lifecycle.js";
import { SUBJECTS } from "../messaging/topology.js";
import { moveVideo, moveVideoAndQueue, statusGuard } from "./video-moves.js";

const dialect = new PgDialect();
const AT = new Date("2026-01-01T00:00:00Z");

describe("the SQL guard of a move", () => {
  it("lists exactly the statuses the transition table lets move there", () => {
    for (const to of VIDEO_STATUSES.filter((s) => statusesBefore(s).length > 0)) {
      const { sql: text, params } = dialect.sqlToQuery(statusGuard(to));
      expect(params, to).toEqual(statusesBefore(to));
      expect(text, to).toBe(`status in (${params.map((_, i) => `$${i + 1}`).join(", ")})`);
    }
  });

  it("narrows to what the caller allows, and refuses a move the table never allows", () => {
    expect(dialect.sqlToQuery(statusGuard("deleted", ["awaiting_upload"])).params).toEqual(["awaiting_upload"]);
    expect(() => statusGuard("awaiting_upload")).toThrow(/no video move to awaiting_upload/);
    expect(() => statusGuard("queued", ["ready"])).toThrow(/no video move to queued from ready/);
  });

  it("guards every UPDATE it writes, with the owner when one is given", () => {
    const { sql: text, params } = dialect.sqlToQuery(
      moveVideo({ id: "vid_1", ownerId: "usr_1", to: "ready", at: AT, set: sql`progress = ${100}` }),
    );
    expect(text).toMatch(
      /^update videos set status = \$1, updated_at = \$2, progress = \$3\s+where id = \$4 and owner_id = \$5 and status in \(\$6, \$7\)\s+returning id$/,
    );
    expect(params).toEqual(["ready", AT.toISOString(), 100, "vid_1", "usr_1", "queued", "processing"]);
  });

  it("queues the job only from the rows the move returned, with its trace as headers", () => {
    const job: DeleteJob = { video_id: "vid_1", scope: "video", requested_at: AT.toISOString(), trace: { traceparent: "00-a-b-01" } };
    const { sql: text, params } = dialect.sqlToQuery(
      moveVideoAndQueue({ id: "vid_1", to: "deleted", at: AT }, { subject: SUBJECTS.delete, payload: job }),
    );
    expect(text).toMatch(/^with moved as \(update videos .* returning id\) insert into outbox .* from moved\s+returning id$/s);
    expect(params).toContain(JSON.stringify(job));
    expect(params).toContain(JSON.stringify(job.trace));
    expect(params).toContain(SUBJECTS.delete);
  });
});
