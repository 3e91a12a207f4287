import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Pool } from "pg";
import type { EncodedEvent, PlayableEvent } from "../../shared/contracts/events.js";
import type { VideoJob, VideoStatus } from "../../shared/contracts/video-lifecycle.js";
import { moveVideo, queueJob } from "../../shared/db/video-moves.js";
import type { VideoOutputs } from "../../shared/db/videos.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import type { VideoEvent } from "./parse-event.js";

/**
 * `applied`: the row moved (with the job its move queues); `ignored`: it is past the point where this event
 * matters; `unknown_video`: no such row; `deleted_video`: an encode finished after its video was deleted, and
 * its files are queued for deletion.
 */
export type ApplyOutcome = "applied" | "ignored" | "unknown_video" | "deleted_video";

const dialect = new PgDialect();
const DELETED: VideoStatus = "deleted";

/**
 * One statement per event: the move the lifecycle guards (ready, failed and deleted are final for events,
 * which makes every statement idempotent and lets late or repeated events change nothing), plus a look at
 * the row as it was, to tell an event that came too late from one about a video that does not exist.
 * Both read the same snapshot. `queue`, a job to queue, may select from either: `target` (the row as it
 * was) or `changed` (the row that moved).
 */
function withOutcome(id: string, move: SQL, queue?: SQL): SQL {
  const queued = queue ? sql`, queued AS (${queue})` : sql.empty();
  return sql`WITH target AS (SELECT status FROM videos WHERE id = ${id}),
       changed AS (${move})${queued}
  SELECT EXISTS (SELECT 1 FROM target) AS known, EXISTS (SELECT 1 FROM changed) AS changed,
         ${queue ? sql`EXISTS (SELECT 1 FROM queued)` : sql`FALSE`} AS queued`;
}

function statement(e: VideoEvent, at: Date): SQL {
  switch (e.type) {
    case "progress": {
      const { video_id: id, percent } = e.event;
      // greatest(): several projectors share the durable, so two progress events of one video can commit
      // in either order; the bar never moves backwards.
      return withOutcome(id, moveVideo({ id, to: "processing", at, set: sql`progress = greatest(progress, ${percent}::smallint)` }));
    }
    case "playable": {
      const { video_id: id, duration_seconds, width, height, started_at } = e.event;
      const outputs = JSON.stringify(playableOutputs(e.event));
      // Each encode attempt writes a revision folder of its own, and a retry can start while an earlier
      // attempt's events are still on their way: the keys of the attempt that started last win, so a late
      // event of an older attempt never points players at files a newer one has replaced. A repeat of the
      // event that is already applied changes nothing (not even updated_at).
      const set = sql`duration_seconds = ${duration_seconds}, width = ${width}, height = ${height}, outputs = ${outputs}::jsonb`;
      const when = sql`(outputs->>'revision' IS NULL OR (outputs->>'revisionStartedAt')::timestamptz <= ${started_at}::timestamptz)
        AND outputs IS DISTINCT FROM ${outputs}::jsonb`;
      return withOutcome(id, moveVideo({ id, to: "processing", at, set, when }));
    }
    case "encoded": {
      const { video_id: id, duration_seconds, width, height, revision, trace } = e.event;
      // The encoded event does not carry the attempt's start; the playable event of the same revision
      // recorded it, and it stays (an encoded event of another revision has none to keep).
      const set = sql`progress = 100, duration_seconds = ${duration_seconds}, width = ${width}, height = ${height},
        outputs = ${JSON.stringify(toOutputs(e.event))}::jsonb || CASE WHEN outputs->>'revision' = ${revision ?? null}
          THEN jsonb_strip_nulls(jsonb_build_object('revisionStartedAt', outputs->'revisionStartedAt'))
          ELSE '{}'::jsonb END,
        published_at = coalesce(published_at, now()), error = NULL`;
      // An encode that was running when its video was deleted goes on storing files after the deleter removed
      // the video's folder; its encoded event, the last thing it does, finds the row deleted. The deletion is
      // queued again (through the outbox, as the edge queues it), so those files do not stay behind unowned.
      const requeue: VideoJob = {
        subject: SUBJECTS.delete,
        payload: { video_id: id, scope: "video", requested_at: at.toISOString(), trace },
      };
      return withOutcome(id, moveVideo({ id, to: "ready", at, set }), queueJob(requeue, sql`target WHERE status = ${DELETED}`));
    }
    case "failed": {
      const { video_id: id, reason, trace } = e.event;
      // The last attempt may have died with a live manifest half written, which nothing else would remove;
      // the source stays, for an operator to look at.
      const purge: VideoJob = {
        subject: SUBJECTS.delete,
        payload: { video_id: id, scope: "outputs", requested_at: at.toISOString(), trace },
      };
      return withOutcome(id, moveVideo({ id, to: "failed", at, set: sql`error = ${reason}` }), queueJob(purge, sql`changed`));
    }
    case "download_failed": {
      const { video_id: id, revision, rendition, requested_at, code, reason } = e.event;
      // Only the request this job was queued for, and only once: a request made since (which cleared the
      // failure and queued a new job) is newer than the event, and a repeat finds the failure recorded.
      const move = sql`UPDATE downloads SET failed_at = ${e.event.at}::timestamptz, failure_code = ${code}, failure_reason = ${reason}
        WHERE video_id = ${id} AND revision = ${revision} AND rendition = ${rendition}
          AND requested_at <= ${requested_at}::timestamptz AND failed_at IS NULL
        RETURNING 1`;
      return withOutcome(id, move);
    }
  }
}

/** Applies one event in its own (autocommit) statement: once this resolves, the change is committed. */
export async function applyEvent(pool: Pool, e: VideoEvent): Promise<ApplyOutcome> {
  const query = dialect.sqlToQuery(statement(e, new Date()));
  const { rows } = await pool.query<{ known: boolean; changed: boolean; queued: boolean }>(query.sql, query.params);
  const row = rows[0];
  if (!row?.known) return "unknown_video";
  if (row.changed) return "applied";
  return row.queued ? "deleted_video" : "ignored";
}

/** What a video still encoding can be watched from: its live manifests, in the revision that wrote them. */
export function playableOutputs(e: PlayableEvent): VideoOutputs {
  return { revision: e.revision, revisionStartedAt: e.started_at, manifestKey: e.keys.manifest, hlsKey: e.keys.hls_master };
}

/** The wire format is snake_case; `videos.outputs` is read by the edge as VideoOutputs. */
export function toOutputs(e: EncodedEvent): VideoOutputs {
  return {
    ...(e.revision === undefined ? {} : { revision: e.revision }),
    manifestKey: e.keys.manifest,
    hlsKey: e.keys.hls_master,
    posterKey: e.keys.poster,
    ...(e.keys.storyboard === undefined ? {} : { storyboardKey: e.keys.storyboard }),
    ...(e.keys.storyboard_vtt === undefined ? {} : { storyboardVttKey: e.keys.storyboard_vtt }),
    renditions: e.renditions.map((r) => ({ width: r.width, height: r.height, bitrateKbps: r.bitrate_kbps, codec: r.codecs })),
  };
}
