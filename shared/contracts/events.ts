import { z } from "zod";
import { REVISION_PATTERN } from "../storage-keys.js";
import { traceContext } from "./trace-context.js";
import { ENCODE_STAGES } from "./video-lifecycle.js";

/**
 * `video.events.<type>`: published by encoders (and the dead-letter handler), consumed by the
 * projector. Every event names its video; applying one twice changes nothing.
 */
export const EVENT_TYPES = ["progress", "playable", "encoded", "failed"] as const;
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

export type ProgressEvent = z.infer<typeof progressEvent>;
export type PlayableEvent = z.infer<typeof playableEvent>;
export type EncodedEvent = z.infer<typeof encodedEvent>;
export type FailedEvent = z.infer<typeof failedEvent>;
export type Rendition = z.infer<typeof rendition>;
