import type { Pool } from "pg";
import type { EncodedEvent, PlayableEvent } from "../../shared/contracts/events.js";
import type { VideoOutputs, VideoStatus } from "../../shared/db/videos.js";
import { newId } from "../../shared/ids.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import type { CatalogEvent } from "./parse-event.js";

/**
 * `applied`: the row moved; `ignored`: it is past the point where this event matters; `unknown_video`: no such
 * row; `deleted_video`: an encode finished after its video was deleted, and its files are queued for deletion.
 */
export type ApplyOutcome = "applied" | "ignored" | "unknown_video" | "deleted_video";

// Events only move a video that is still being encoded: ready, failed and deleted are final for them,
// which makes every statement idempotent and lets late or repeated events change nothing.
const IN_FLIGHT: readonly VideoStatus[] = ["queued", "processing"];

/**
 * One statement per event: the guarded UPDATE, plus a look at the row as it was, to tell an event
 * that came too late from one about a video that does not exist. Both read the same snapshot.
 */
const transition = (assignments: string, guard = "TRUE", also = "", alsoSelected = "FALSE AS requeued") => `
  WITH target AS (SELECT status, owner_id FROM videos WHERE id = $1),
       changed AS (
         UPDATE videos SET ${assignments}, updated_at = now()
         WHERE id = $1 AND status IN (${IN_FLIGHT.map((s) => `'${s}'`).join(", ")}) AND (${guard})
         RETURNING 1
       )${also}
  SELECT EXISTS (SELECT 1 FROM target) AS known, EXISTS (SELECT 1 FROM changed) AS changed, ${alsoSelected}`;

// An encode that was running when its video was deleted goes on storing files after the deleter removed the
// video's folder; its encoded event, the last thing it does, finds the row deleted. The deletion is queued
// again (through the outbox, as the edge queues it), so those files do not stay behind unowned.
const REQUEUE_DELETE = `,
       requeued AS (
         INSERT INTO outbox (id, subject, payload, headers)
         SELECT $7, '${SUBJECTS.delete}',
                jsonb_build_object('video_id', $1::text, 'scope', 'video', 'owner_id', owner_id, 'requested_at', $8::text, 'trace', $9::jsonb),
                $9::jsonb
         FROM target WHERE status = 'deleted'
         RETURNING 1
       )`;

// greatest(): several projectors share the durable, so two progress events of one video can commit
// in either order; the bar never moves backwards.
const PROGRESS_SQL = transition(`status = 'processing', progress = greatest(progress, $2::smallint)`);

// Each encode attempt writes a revision folder of its own, and a retry can start while an earlier
// attempt's events are still on their way: the keys of the attempt that started last win, so a late
// event of an older attempt never points players at files a newer one has replaced. A repeat of the
// event that is already applied changes nothing (not even updated_at).
const PLAYABLE_SQL = transition(
  `status = 'processing', duration_seconds = $2, width = $3, height = $4, outputs = $5::jsonb`,
  `(outputs->>'revision' IS NULL OR (outputs->>'revisionStartedAt')::timestamptz <= $6::timestamptz)
   AND outputs IS DISTINCT FROM $5::jsonb`,
);

// The encoded event does not carry the attempt's start; the playable event of the same revision
// recorded it, and it stays (an encoded event of another revision has none to keep).
const ENCODED_SQL = transition(
  `
  status = 'ready', progress = 100, duration_seconds = $2, width = $3, height = $4,
  outputs = $5::jsonb || CASE WHEN outputs->>'revision' = $6
    THEN jsonb_strip_nulls(jsonb_build_object('revisionStartedAt', outputs->'revisionStartedAt'))
    ELSE '{}'::jsonb END,
  published_at = coalesce(published_at, now()), error = NULL`,
  "TRUE",
  REQUEUE_DELETE,
  "EXISTS (SELECT 1 FROM requeued) AS requeued",
);

const FAILED_SQL = transition(`status = 'failed', error = $2`);

function statement(e: CatalogEvent): [string, unknown[]] {
  switch (e.type) {
    case "progress":
      return [PROGRESS_SQL, [e.event.video_id, e.event.percent]];
    case "playable": {
      const { video_id, duration_seconds, width, height, started_at } = e.event;
      return [PLAYABLE_SQL, [video_id, duration_seconds, width, height, JSON.stringify(playableOutputs(e.event)), started_at]];
    }
    case "encoded": {
      const { video_id, duration_seconds, width, height, revision, trace } = e.event;
      const requeue = [newId("obx"), new Date().toISOString(), JSON.stringify(trace)];
      return [ENCODED_SQL, [video_id, duration_seconds, width, height, JSON.stringify(toOutputs(e.event)), revision ?? null, ...requeue]];
    }
    case "failed":
      return [FAILED_SQL, [e.event.video_id, e.event.reason]];
  }
}

/** Applies one event in its own (autocommit) statement: once this resolves, the change is committed. */
export async function applyEvent(pool: Pool, e: CatalogEvent): Promise<ApplyOutcome> {
  const [sql, params] = statement(e);
  const { rows } = await pool.query<{ known: boolean; changed: boolean; requeued: boolean }>(sql, params);
  const row = rows[0];
  if (!row?.known) return "unknown_video";
  if (row.requeued) return "deleted_video";
  return row.changed ? "applied" : "ignored";
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
