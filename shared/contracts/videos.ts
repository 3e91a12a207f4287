import { z } from "zod";
import { VISIBILITIES } from "./visibility.js";
import { multiLine, queryInt, singleLine } from "./text.js";

export const updateVideoBody = z.strictObject(
  {
    title: singleLine("title")
      .trim()
      .min(1, "The title may not be empty.")
      .max(200, "The title may not be greater than 200 characters.")
      .optional(),
    description: multiLine("description").max(5000, "The description may not be greater than 5000 characters.").optional(),
    visibility: z.enum(VISIBILITIES, { error: `The visibility must be one of: ${VISIBILITIES.join(", ")}.` }).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "Unknown field." : undefined) },
);

export const listQuery = z.object({
  limit: queryInt("limit", 1, 100, 20),
  cursor: singleLine("cursor").max(200, "The cursor is not valid.").optional(),
});

export const ownerView = z.object({ id: z.string(), name: z.string(), image: z.string().nullable() });

export const publicVideoView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  duration_seconds: z.number().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  poster_url: z.string().nullable(),
  owner: ownerView,
  published_at: z.string().nullable(),
});

export const playbackView = z.object({
  dash_url: z.string(),
  hls_url: z.string(),
  manifest_url: z.string(),
  hls_manifest_url: z.string(),
  /** Null while the video is still encoding: the poster comes with the finished encode. */
  poster_url: z.string().nullable(),
  storyboard_url: z.string().nullable(),
  storyboard_vtt_url: z.string().nullable(),
  expires_at: z.string(),
});

export type UpdateVideoBody = z.infer<typeof updateVideoBody>;
export type PublicVideoView = z.infer<typeof publicVideoView>;
export type PlaybackView = z.infer<typeof playbackView>;
