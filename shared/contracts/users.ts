import { z } from "zod";
import { singleLine } from "./text.js";

export const updateProfileBody = z.strictObject(
  {
    name: singleLine("name")
      .trim()
      .min(3, "The name must be at least 3 characters.")
      .max(50, "The name may not be greater than 50 characters.")
      .optional(),
    image_url: z
      .url({ protocol: /^https?$/, error: "The image_url must be an http(s) URL." })
      .max(2048, "The image_url may not be greater than 2048 characters.")
      .nullable()
      .optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "Unknown field." : undefined) },
);

export const QUALITIES = ["auto", "2160p", "1440p", "1080p", "720p", "480p", "360p", "240p"] as const;

/** Viewer settings. PUT replaces them whole; a missing key takes its default. */
export const userSettings = z.strictObject(
  {
    default_quality: z.enum(QUALITIES, { error: `The default_quality must be one of: ${QUALITIES.join(", ")}.` }).default("auto"),
    autoplay: z.boolean({ error: "The autoplay must be true or false." }).default(true),
    captions_language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "The captions_language must be a language tag such as en or pt-BR.")
      .nullable()
      .default(null),
    playback_speed: z
      .number({ error: "The playback_speed must be a number." })
      .min(0.25, "The playback_speed must be at least 0.25.")
      .max(4, "The playback_speed may not be greater than 4.")
      .default(1),
    email_notifications: z.boolean({ error: "The email_notifications must be true or false." }).default(true),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "Unknown field." : undefined) },
);

export type UpdateProfileBody = z.infer<typeof updateProfileBody>;
export type UserSettings = z.infer<typeof userSettings>;
