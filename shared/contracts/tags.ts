import { z } from "zod";
import { MAX_RAW_TAGS, MAX_TAGS, TAG_MAX_LENGTH, TAG_PATTERN, TAG_RULE, normaliseTag, normaliseTags } from "./tag-rules.js";

const LIST_MESSAGE = `The tags must be a list of at most ${MAX_TAGS} texts.`;

const validTag = z
  .string()
  .min(1, "A tag may not be empty.")
  .refine((t) => [...t].length <= TAG_MAX_LENGTH, `A tag may not be longer than ${TAG_MAX_LENGTH} characters.`)
  .regex(TAG_PATTERN, TAG_RULE);

/** A body's `tags`: normalised and deduplicated, then at most MAX_TAGS (see tag-rules.ts). */
export const tagList = z
  .array(z.string({ error: LIST_MESSAGE }), { error: LIST_MESSAGE })
  .max(MAX_RAW_TAGS, LIST_MESSAGE)
  .transform(normaliseTags)
  .pipe(z.array(validTag).max(MAX_TAGS, `A video may have at most ${MAX_TAGS} tags.`));

/** `?tag=`: one tag, normalised the same way, so `?tag=Cooking` finds videos tagged `cooking`. */
export const tagQuery = z.string().max(200, TAG_RULE).transform(normaliseTag).pipe(validTag);

/**
 * The language a video is spoken or written in, as a BCP 47 tag (`en`, `pt-BR`): search stems its words in
 * that language where Postgres knows it.
 */
export const languageTag = z
  .string({ error: "The language must be a language tag such as en or pt-BR." })
  .max(35, "The language must be a language tag such as en or pt-BR.")
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "The language must be a language tag such as en or pt-BR.");
