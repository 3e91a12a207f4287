import { z } from "zod";
import { VIDEO_STATUSES } from "./video-lifecycle.js";
import { VISIBILITIES } from "./visibility.js";
import { resourceId } from "./ids.js";
import { languageTag, tagList } from "./tags.js";
import { multiLine, singleLine } from "./text.js";
import { CONTENT_TYPE_MESSAGE, DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH, VIDEO_CONTENT_TYPES } from "./upload-rules.js";

export { VIDEO_CONTENT_TYPES } from "./upload-rules.js";

const title = singleLine("title", "The title field is required.")
  .trim()
  .min(1, "The title field is required.")
  .max(TITLE_MAX_LENGTH, `The title may not be greater than ${TITLE_MAX_LENGTH} characters.`);
const description = multiLine("description", "The description must be text.").max(
  DESCRIPTION_MAX_LENGTH,
  `The description may not be greater than ${DESCRIPTION_MAX_LENGTH} characters.`,
);

export const createUploadBody = z.object({
  title,
  description: description.default(""),
  filename: singleLine("filename", "The filename field is required.")
    .trim()
    .min(1, "The filename field is required.")
    .max(255, "The filename may not be greater than 255 characters.")
    .refine((v) => !/[\\/]/.test(v), "The filename may not contain slashes or control characters."),
  content_type: z
    .string({ error: "The content_type field is required." })
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.enum(VIDEO_CONTENT_TYPES, { error: CONTENT_TYPE_MESSAGE })),
  size_bytes: z
    .number({ error: "The size_bytes must be a whole number of bytes." })
    .int("The size_bytes must be a whole number of bytes.")
    .positive("The size_bytes must be greater than 0."),
  visibility: z.enum(VISIBILITIES, { error: `The visibility must be one of: ${VISIBILITIES.join(", ")}.` }).default("private"),
  tags: tagList.default([]),
  language: languageTag.optional(),
});

export const completeUploadBody = z.object({
  parts: z
    .array(
      z.object({
        part_number: z.number().int().min(1).max(10_000),
        etag: singleLine("etag").min(1).max(200),
      }),
      { error: "The parts must be a list of {part_number, etag}." },
    )
    .max(10_000)
    .optional(),
});

/** The seed's clients: one call for URLs, a second one (the "webhook") once the bytes are up. */
export const seedWebhookBody = z.object({
  video_id: resourceId("video_id", "The video_id field is required."),
  thumbnail_id: resourceId("thumbnail_id", "The thumbnail_id field is required."),
  title,
  description: description.default(""),
  tags: tagList.optional(),
  language: languageTag.optional(),
});

export const videoView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  visibility: z.enum(VISIBILITIES),
  status: z.enum(VIDEO_STATUSES),
  progress: z.number(),
  /** True once it can be watched: ready, or still processing with its first segments stored. */
  playable: z.boolean(),
  /** Viewers may download it too (the owner always may). */
  downloadable: z.boolean(),
  error: z.string().nullable(),
  size_bytes: z.number().nullable(),
  content_type: z.string().nullable(),
  original_filename: z.string().nullable(),
  duration_seconds: z.number().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  tags: z.array(z.string()),
  language: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  published_at: z.string().nullable(),
});

/**
 * What anyone allowed to see a video is shown; the rest of `videoView` (the uploaded file's name, size and
 * type, and why an encode failed) is its owner's business. An allow-list, so a field added to the view
 * stays private until it is named here.
 */
export const VIEWER_VIDEO_FIELDS = {
  id: true,
  title: true,
  description: true,
  visibility: true,
  status: true,
  progress: true,
  playable: true,
  downloadable: true,
  duration_seconds: true,
  width: true,
  height: true,
  tags: true,
  language: true,
  created_at: true,
  updated_at: true,
  published_at: true,
} as const;

export const viewerVideoView = videoView.pick(VIEWER_VIDEO_FIELDS);

export const singlePutUpload = z.object({
  method: z.literal("PUT"),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  expires_at: z.string(),
});

export const multipartUpload = z.object({
  method: z.literal("multipart"),
  upload_id: z.string(),
  part_size: z.number(),
  parts: z.array(z.object({ part_number: z.number(), url: z.string() })),
  expires_at: z.string(),
});

export type CreateUploadBody = z.infer<typeof createUploadBody>;
export type SeedWebhookBody = z.infer<typeof seedWebhookBody>;
export type CompleteUploadBody = z.infer<typeof completeUploadBody>;
export type VideoView = z.infer<typeof videoView>;
export type ViewerVideoView = z.infer<typeof viewerVideoView>;
