import { z } from "zod";
import { SUBJECTS } from "../messaging/topology.js";
import type { DownloadJob } from "./downloads.js";
import { traceContext } from "./trace-context.js";

/**
 * The life of a video, in one place: its statuses, the moves between them, the stages of its encode and
 * the jobs its moves queue. The edge, the projector, the dead-letter handler, the deleter and the
 * encoders all read it, and the one writer of a video's status generates its SQL guards from it.
 */
export const VIDEO_STATUSES = ["awaiting_upload", "queued", "processing", "ready", "failed", "deleted"] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

/**
 * Where each status may go. Forward only, so a late or repeated event finds its video past the point
 * where it matters and changes nothing. `processing` may stay `processing`: progress and playable events
 * update a video while it encodes. An encoded or failed event may come before any progress (a finished
 * revision adopted, a job given up on), hence `queued` straight to `ready` or `failed`. Deleted is final.
 */
export const TRANSITIONS: Readonly<Record<VideoStatus, readonly VideoStatus[]>> = {
  awaiting_upload: ["queued", "deleted"],
  queued: ["processing", "ready", "failed", "deleted"],
  processing: ["processing", "ready", "failed", "deleted"],
  ready: ["deleted"],
  failed: ["deleted"],
  deleted: [],
};

export const canMove = (from: VideoStatus, to: VideoStatus): boolean => TRANSITIONS[from].includes(to);

/** The statuses a video may be in to move to `to`: what a guarded UPDATE accepts. */
export const statusesBefore = (to: VideoStatus): VideoStatus[] => VIDEO_STATUSES.filter((from) => canMove(from, to));

/**
 * The stages of one encode delivery, in order. Each has its duration series and span in the encoder;
 * progress events name the stage they report from (probe, encode and upload report progress).
 */
export const ENCODE_STAGES = ["adopt", "source", "probe", "encode", "upload", "publish"] as const;
export type EncodeStage = (typeof ENCODE_STAGES)[number];

/** `jobs.encode`: queued with the move to `queued`, relayed to JetStream, taken by an encoder. */
export const encodeJob = z.object({
  video_id: z.string().min(1),
  owner_id: z.string().min(1),
  source_key: z.string().min(1),
  content_type: z.string().min(1),
  size_bytes: z.number().int().nonnegative(),
  requested_at: z.iso.datetime({ offset: true }),
  trace: traceContext.default({}),
});

/**
 * What `jobs.delete` removes: `video` (a deleted video) its source and outputs; `outputs` (a video whose
 * encoding failed for good) only what encoders wrote, so no half-written manifest outlives the attempt
 * that wrote it, and the source stays for an operator.
 */
export const DELETE_SCOPES = ["video", "outputs"] as const;

/** `jobs.delete`: queued with the move to `deleted` (and when encoding gives up), taken by the deleter. */
export const deleteJob = z.object({
  video_id: z.string().min(1),
  scope: z.enum(DELETE_SCOPES).default("video"),
  requested_at: z.iso.datetime({ offset: true }),
  trace: traceContext.default({}),
});

export type EncodeJob = z.infer<typeof encodeJob>;
export type DeleteJob = z.infer<typeof deleteJob>;

/** An outbox row's subject and body, typed together so a job cannot be queued on the wrong subject. */
export type VideoJob =
  | { subject: typeof SUBJECTS.encode; payload: EncodeJob }
  | { subject: typeof SUBJECTS.delete; payload: DeleteJob }
  | { subject: typeof SUBJECTS.download; payload: DownloadJob };
