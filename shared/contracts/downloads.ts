import { z } from "zod";
import { MAX_FILENAME_STEM } from "../http/content-disposition.js";
import { REVISION_PATTERN } from "../storage-keys.js";
import { traceContext } from "./trace-context.js";

/** A download is one rung of the ladder as an MP4 (`720p`), or the audio alone as an M4A. */
export const AUDIO_DOWNLOAD = "audio";
const RENDITION_NAME = /^(\d{3,4}p|audio)$/;

export const downloadRendition = z
  .string({ error: "The rendition field is required." })
  .regex(RENDITION_NAME, "The rendition must be a quality such as 720p, or audio.");

export const requestDownloadBody = z.strictObject(
  {
    rendition: downloadRendition,
    /**
     * Make the file again although its last attempt failed. Without it a POST answers the failure as it
     * stands, so a client that polls with POST sees `failed` instead of queueing the same failure forever.
     */
    retry: z.boolean({ error: "The retry field must be true or false." }).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "Unknown field." : undefined) },
);

export const renditionParam = z.object({ rendition: downloadRendition });

export const DOWNLOAD_STATES = ["available", "preparing", "ready", "failed"] as const;

/**
 * One choice of the Download menu: `url` (signed, for a while) only once the file is stored; `reason` only
 * when the last attempt to make it failed for good (asking again with `retry: true` tries again).
 */
export const downloadView = z.object({
  rendition: z.string(),
  kind: z.enum(["video", "audio"]),
  status: z.enum(DOWNLOAD_STATES),
  url: z.string().nullable(),
  expires_at: z.string().nullable(),
  reason: z.string().nullable(),
});

/**
 * Why a download could not be made, as its viewer reads it: fixed sentences, never what ffmpeg or storage
 * said (paths, keys, hosts stay in the logs). `bad_media`: the stored video cannot be made into the file;
 * `max_deliveries`: every attempt failed (the job was set aside); `internal`: the job itself was malformed.
 */
export const DOWNLOAD_FAILURES = {
  bad_media: "The stored video could not be made into this file: part of it is damaged or missing.",
  max_deliveries: "Making this file kept failing; it was set aside for an operator to look at.",
  internal: "This download could not be prepared because of an error on our side.",
} as const;
export type DownloadFailureCode = keyof typeof DOWNLOAD_FAILURES;

/**
 * `jobs.download`: queued by the edge once per (video, revision, rendition), taken by the encoder pool,
 * which remuxes the stored CMAF segments of the named representations (no re-encode) into one file at
 * `key`. The key is a function of the rest, so a repeated job overwrites the same bytes.
 */
export const downloadJob = z.object({
  video_id: z.string().min(1),
  revision: z.string().regex(REVISION_PATTERN),
  rendition: downloadRendition,
  /** DASH Representation ids in the revision's manifest; null for the track the file leaves out. */
  video_representation: z.string().min(1).nullable(),
  audio_representation: z.string().min(1).nullable(),
  key: z.string().min(1),
  /** What the file is saved as (Content-Disposition), already safe for a header. */
  filename: z
    .string()
    .min(1)
    .max(MAX_FILENAME_STEM + ".m4a".length),
  requested_at: z.iso.datetime({ offset: true }),
  trace: traceContext.default({}),
});

export type DownloadJob = z.infer<typeof downloadJob>;

/** What names one request of a download: enough to record its failure even when the rest of a job is malformed. */
export const downloadRequest = downloadJob.pick({ video_id: true, revision: true, rendition: true, requested_at: true, trace: true });
export type DownloadRequest = z.infer<typeof downloadRequest>;
export type DownloadView = z.infer<typeof downloadView>;
