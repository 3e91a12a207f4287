import { z } from "zod";
import { REVISION_PATTERN } from "../storage-keys.js";
import { DOWNLOAD_FAILURES, downloadRendition } from "./downloads.js";
import { traceContext } from "./trace-context.js";
import { ENCODE_STAGES } from "./video-lifecycle.js";

/**
 * `video.events.<type>`: published by encoders (and the dead-letter handler), consumed by the
 * projector. Every event names its video; applying one twice changes nothing.
 */
export const EVENT_TYPES = ["progress", "playable", "encoded", "failed", "download_failed"] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const eventSubject = (type: EventType) => `video.events.${type}`;

export const progressEvent = z.object({
  video_id: z.string().min(1),
  /** The stage of the encode delivery this comes from. */
  stage: z.enum(ENCODE_STAGES),
  /** Whole-job progress, 0..100. */
  percent: z.number().int().min(0).max(100),
  at: z.iso.datetime({ offset: true }),
  trace: traceContext.default({}),
});

export const rendition = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bitrate_kbps: z.number().int().positive(),
  codecs: z.string().min(1),
});

/** The encode attempt whose files an event names: see `storageKeys` and `REVISION_PATTERN`. */
export const revision = z.string().regex(REVISION_PATTERN);

/**
 * `video.events.playable`: the first live manifest of a revision and every segment it lists are stored,
 * so the video can be watched from the start while the rest encodes. Its manifests keep growing
 * (`type="dynamic"`, HLS without ENDLIST) until the encoded event of the same revision.
 */
export const playableEvent = z.object({
  video_id: z.string().min(1),
  revision,
  /** When the attempt began: a later attempt's revision replaces an earlier one, never the reverse. */
  started_at: z.iso.datetime({ offset: true }),
  /** The source's duration and display size from the probe, so players can show them already. */
  duration_seconds: z.number().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  keys: z.object({ manifest: z.string(), hls_master: z.string() }),
  at: z.iso.datetime({ offset: true }),
  trace: traceContext.default({}),
});

export const encodedEvent = z.object({
  video_id: z.string().min(1),
  /** Absent only in events from before revisions (keys then sit directly under `videos/<id>/`). */
  revision: revision.optional(),
  duration_seconds: z.number().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  renditions: z.array(rendition).min(1),
  keys: z.object({
    manifest: z.string(),
    hls_master: z.string(),
    poster: z.string(),
    storyboard: z.string().optional(),
    storyboard_vtt: z.string().optional(),
  }),
  encoded_at: z.iso.datetime({ offset: true }),
  trace: traceContext.default({}),
});

export const failedEvent = z.object({
  video_id: z.string().min(1),
  /** Readable by the video's owner: what was wrong with the file, or that encoding kept failing. */
  reason: z.string().min(1).max(500),
  /** Stable, bounded, for metrics and dashboards. */
  code: z.enum(["bad_media", "max_deliveries", "internal"]),
  at: z.iso.datetime({ offset: true }),
  trace: traceContext.default({}),
});

/**
 * `video.events.download_failed`: a download of one request (video, revision, rendition, requested_at) will
 * not be made: the downloader found the stored media unusable or the job malformed, or the dead-letter
 * handler set its job aside after its last delivery. Applies only while that request is the row's latest.
 */
export const downloadFailedEvent = z.object({
  video_id: z.string().min(1),
  revision,
  rendition: downloadRendition,
  /** The job's requested_at: a failure of an older request never marks a newer one failed. */
  requested_at: z.iso.datetime({ offset: true }),
  code: z.enum(Object.keys(DOWNLOAD_FAILURES) as [keyof typeof DOWNLOAD_FAILURES]),
  /** Readable by the viewer: one of DOWNLOAD_FAILURES (its code's), never an error's text. */
  reason: z.string().min(1).max(500),
  at: z.iso.datetime({ offset: true }),
  trace: traceContext.default({}),
});

/** One msg id per request: a repeat of its failure (a redelivery, the dead-letter handler after the downloader) is stored once. */
export const downloadFailedMsgId = (r: Pick<DownloadFailedEvent, "video_id" | "revision" | "rendition" | "requested_at">) =>
  `${r.video_id}:${r.revision}:${r.rendition}:download_failed:${r.requested_at}`;

export type ProgressEvent = z.infer<typeof progressEvent>;
export type PlayableEvent = z.infer<typeof playableEvent>;
export type EncodedEvent = z.infer<typeof encodedEvent>;
export type FailedEvent = z.infer<typeof failedEvent>;
export type DownloadFailedEvent = z.infer<typeof downloadFailedEvent>;
export type Rendition = z.infer<typeof rendition>;
