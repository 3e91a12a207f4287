import { z } from "zod";
import { captionView } from "./captions.js";
import { VISIBILITIES } from "./visibility.js";
import { languageTag, tagList, tagQuery } from "./tags.js";
import { multiLine, queryInt, singleLine } from "./text.js";

/** Longer than anyone types into a search box; keeps every search term far below Postgres's word limit. */
export const SEARCH_MAX_LENGTH = 200;

export const updateVideoBody = z.strictObject(
  {
    title: singleLine("title")
      .trim()
      .min(1, "The title may not be empty.")
      .max(200, "The title may not be greater than 200 characters.")
      .optional(),
    description: multiLine("description").max(5000, "The description may not be greater than 5000 characters.").optional(),
    visibility: z.enum(VISIBILITIES, { error: `The visibility must be one of: ${VISIBILITIES.join(", ")}.` }).optional(),
    /** Replaces the tags whole; `[]` removes them all. */
    tags: tagList.optional(),
    /** null: the language is unknown (search then indexes the words as written). */
    language: languageTag.nullable().optional(),
    downloadable: z.boolean({ error: "The downloadable must be true or false." }).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "Unknown field." : undefined) },
);

export const listQuery = z.object({
  limit: queryInt("limit", 1, 100, 20),
  cursor: singleLine("cursor").max(200, "The cursor is not valid.").optional(),
});

/**
 * The public list, filtered by a tag, or searched (`q`): ranked best match first. `q` keeps its spaces:
 * a last word with none after it is still being typed and matches as a prefix.
 */
export const publicListQuery = listQuery.extend({
  q: singleLine("search")
    .max(SEARCH_MAX_LENGTH, `The search may not be longer than ${SEARCH_MAX_LENGTH} characters.`)
    .refine((q) => q.trim().length > 0, "The search may not be empty.")
    .optional(),
  tag: tagQuery.optional(),
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
  tags: z.array(z.string()),
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
  /** Every caption track, its WebVTT file signed like the segments. */
  captions: z.array(captionView),
  expires_at: z.string(),
});

export type PublicListQuery = z.infer<typeof publicListQuery>;
export type UpdateVideoBody = z.infer<typeof updateVideoBody>;
export type PublicVideoView = z.infer<typeof publicVideoView>;
export type PlaybackView = z.infer<typeof playbackView>;
