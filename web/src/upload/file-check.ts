import {
  CONTENT_TYPE_MESSAGE,
  DEFAULT_MAX_UPLOAD_BYTES,
  tooLargeMessage,
  VIDEO_CONTENT_TYPES,
  type VideoContentType,
} from "../../../shared/contracts/upload-rules.js";

/** The API's own rules (shared/contracts/upload-rules.ts), checked before a byte is sent. */
const BY_EXTENSION: Record<string, VideoContentType> = {
  mp4: "video/mp4",
  m4v: "video/x-m4v",
  mov: "video/quicktime",
  qt: "video/quicktime",
  webm: "video/webm",
  mkv: "video/x-matroska",
  avi: "video/x-msvideo",
  mpeg: "video/mpeg",
  mpg: "video/mpeg",
  ogv: "video/ogg",
  "3gp": "video/3gpp",
  ts: "video/mp2t",
  m2ts: "video/mp2t",
};

const isVideoType = (type: string): type is VideoContentType => (VIDEO_CONTENT_TYPES as readonly string[]).includes(type);

export type FileCheck = { ok: true; contentType: VideoContentType } | { ok: false; message: string };

/**
 * The content type to announce for a file, or why it is refused. Browsers leave `type` empty for
 * containers they do not know (often .mkv), so the extension decides then.
 */
export function checkFile(file: { name: string; size: number; type: string }, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): FileCheck {
  const declared = file.type.trim().toLowerCase();
  const extension = file.name.includes(".") ? file.name.slice(file.name.lastIndexOf(".") + 1).toLowerCase() : "";
  const contentType = isVideoType(declared) ? declared : BY_EXTENSION[extension];
  if (!contentType) return { ok: false, message: `${file.name} is not a video we can take. ${CONTENT_TYPE_MESSAGE}` };
  if (file.size === 0) return { ok: false, message: `${file.name} is empty. The size_bytes must be greater than 0.` };
  if (file.size > maxBytes) return { ok: false, message: `${file.name} is too large. ${tooLargeMessage(maxBytes)}` };
  return { ok: true, contentType };
}

/** "holiday.final.mp4" -> "holiday.final": the title a file starts with. */
export const titleFromFileName = (name: string) =>
  (name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : name).trim().slice(0, 200) || "Untitled video";
