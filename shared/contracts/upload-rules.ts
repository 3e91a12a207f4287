/**
 * The upload rules both sides apply: the edge refuses what breaks them, the web app checks them before
 * a byte is sent. No imports, so the browser bundle takes these constants and nothing else.
 */

/** Containers browsers and phones produce; anything else is refused before a byte is sent. */
export const VIDEO_CONTENT_TYPES = [
  "video/mp4",
  "video/quicktime",
  "video/webm",
  "video/x-matroska",
  "video/x-msvideo",
  "video/mpeg",
  "video/ogg",
  "video/3gpp",
  "video/x-m4v",
  "video/mp2t",
] as const;

export type VideoContentType = (typeof VIDEO_CONTENT_TYPES)[number];

export const CONTENT_TYPE_MESSAGE = `The content_type must be a video type: ${VIDEO_CONTENT_TYPES.join(", ")}.`;

/** MAX_UPLOAD_BYTES unless configured otherwise: 5 GiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024 * 1024;

export const tooLargeMessage = (maxBytes: number) => `A video may be at most ${maxBytes} bytes.`;

export const TITLE_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 5000;
