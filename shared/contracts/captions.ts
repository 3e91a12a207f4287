import { z } from "zod";
import { singleLine } from "./text.js";

export const CAPTION_KINDS = ["subtitles", "captions"] as const;
export type CaptionKind = (typeof CAPTION_KINDS)[number];

/** The largest caption file accepted, as a request body or uploaded to storage: about 10 hours of dense dialogue. */
export const MAX_CAPTION_BYTES = 512 * 1024;
/** Language tags longer than this are well-formed only in theory (RFC 5646 advises 35 characters of room). */
const MAX_LANGUAGE_TAG = 35;

/**
 * RFC 5646 (BCP 47) well-formedness: langtag, private use or grandfathered. The registry (whether `xx`
 * is a language) is not checked: a well-formed tag is what players and manifests need.
 */
const LANGTAG =
  /^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?|x(?:-[a-z0-9]{1,8})+|en-gb-oed|i-(?:ami|bnn|default|enochian|hak|klingon|lux|mingo|navajo|pwn|tao|tay|tsu)|sgn-(?:be-fr|be-nl|ch-de)|art-lojban|cel-gaulish|no-bok|no-nyn|zh-(?:guoyu|hakka|min|min-nan|xiang))$/;

/** Whether a tag is well-formed BCP 47 (case does not matter). */
export const isLanguageTag = (tag: string): boolean => tag.length <= MAX_LANGUAGE_TAG && LANGTAG.test(tag.toLowerCase());

/**
 * The tag in its conventional case (`pt-br` → `pt-BR`, `zh-hant` → `zh-Hant`), so one language is one
 * track however a client spells it: lower case, then regions upper and scripts title case (RFC 5646 2.1.1).
 */
export function canonicalLanguageTag(tag: string): string {
  const parts = tag.toLowerCase().split("-");
  let singleton = false;
  return parts
    .map((part, i) => {
      if (i === 0 || singleton) return part;
      if (part.length === 1) {
        singleton = true;
        return part;
      }
      if (part.length === 2) return part.toUpperCase();
      if (part.length === 4 && /^[a-z]/.test(part)) return part[0]!.toUpperCase() + part.slice(1);
      return part;
    })
    .join("-");
}

export const captionLanguage = z
  .string()
  .refine(isLanguageTag, "The language must be a well-formed BCP 47 language tag such as en, pt-BR or zh-Hant.")
  .transform(canonicalLanguageTag);

const label = singleLine("label", "The label is required.")
  .trim()
  .min(1, "The label may not be empty.")
  .max(80, "The label may not be greater than 80 characters.");
const kind = z.enum(CAPTION_KINDS, { error: `The kind must be one of: ${CAPTION_KINDS.join(", ")}.` });
const unknownField = { error: (issue: { code: string }) => (issue.code === "unrecognized_keys" ? "Unknown field." : undefined) };

export const trackFields = { label, kind };

/** A small caption file sent in the request: WebVTT or SRT text (SRT is converted). */
export const putCaptionBody = z.strictObject(
  {
    ...trackFields,
    content: z
      .string({ error: "The content is required: the WebVTT or SRT text." })
      .min(1, "The content may not be empty.")
      .max(MAX_CAPTION_BYTES, `The content may not be greater than ${MAX_CAPTION_BYTES} characters.`),
  },
  unknownField,
);

/** Asks for a URL to PUT a caption file straight to storage. */
export const captionUploadBody = z.strictObject(
  {
    size_bytes: z
      .number({ error: "The size_bytes must be a number." })
      .int("The size_bytes must be a whole number.")
      .min(1, "The size_bytes must be at least 1.")
      .max(MAX_CAPTION_BYTES, `The size_bytes may not be greater than ${MAX_CAPTION_BYTES}.`),
  },
  unknownField,
);

/** Publishes the file PUT to the upload URL, once it passes validation. */
export const completeCaptionBody = z.strictObject(trackFields, unknownField);

export const captionUpload = z.object({
  method: z.literal("PUT"),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  expires_at: z.string(),
});

/** A track as its owner manages it. */
export const captionTrackView = z.object({
  language: z.string(),
  label: z.string(),
  kind: z.enum(CAPTION_KINDS),
  cue_count: z.number(),
  size_bytes: z.number(),
  updated_at: z.string(),
});

/** A track as every viewer sees it (the allow-list), with its file signed for the CDN while the video is playable. */
export const captionView = z.object({
  language: z.string(),
  label: z.string(),
  kind: z.enum(CAPTION_KINDS),
  url: z.string().nullable(),
});

export type PutCaptionBody = z.infer<typeof putCaptionBody>;
export type CompleteCaptionBody = z.infer<typeof completeCaptionBody>;
export type CaptionTrackView = z.infer<typeof captionTrackView>;
export type CaptionView = z.infer<typeof captionView>;
