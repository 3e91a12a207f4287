/**
 * The markup a cue's text may carry: WebVTT's own tags (class, italic, bold, underline, ruby, voice,
 * language, and inline timestamps), character references, nothing else. HTML such as `<font>`, `<br>` or
 * `<script>` is refused rather than stripped: the owner learns their file is not what players will show.
 */
const TAG = /<([^>]*)>/g;
const WEBVTT_TAG = /^\/?(?:c|i|b|u|ruby|rt|v|lang)(?:\.[^\s.<>&]+)*(?:[ \t][^<>]*)?$|^\/(?:c|i|b|u|ruby|rt|v|lang)$/;
const TIMESTAMP_TAG = /^(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}$/;
// WebVTT character references are HTML's; a bare `&` followed by text that is no reference is fine too.
const UNCLOSED_TAG = /<[^>]*$/;

/** Why a cue's text is refused, or null when it holds only WebVTT markup. */
export function markupProblem(text: string): string | null {
  if (UNCLOSED_TAG.test(text)) return "has a `<` that opens no WebVTT tag";
  for (const [, inner] of text.matchAll(TAG)) {
    const tag = inner ?? "";
    if (!WEBVTT_TAG.test(tag) && !TIMESTAMP_TAG.test(tag)) return `has markup WebVTT does not allow: <${tag.slice(0, 40)}>`;
  }
  return null;
}
