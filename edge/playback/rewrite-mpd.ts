/**
 * Makes every init and media segment URL of a DASH manifest absolute on the CDN and signed, so a
 * stock player (which does not copy the manifest's query string to segment requests) needs no hooks.
 * SegmentTemplate identifiers ($RepresentationID$, $Number%05d$) stay in the path, untouched.
 */
import { coverLongestTrack } from "./presentation-end.js";

const TEMPLATE_ATTRIBUTE = /\b(initialization|media)="([^"]*)"/g;
const BASE_URL = /<BaseURL>[^<]*<\/BaseURL>\s*/g;
// Self-closing as ffmpeg writes it, or with a closing tag; with its indentation and line break.
const UTC_TIMING = /[ \t]*<UTCTiming\b[^>]*?(?:\/>|>[\s\S]*?<\/UTCTiming>)[ \t]*(?:\r?\n)?/g;
const MPD_END = /<\/MPD>/;
const DYNAMIC_MPD = /<MPD\b[^>]*\btype\s*=\s*["']dynamic["']/;
const SEGMENT_TEMPLATE_OPEN = /<SegmentTemplate\b(?![^>]*\bavailabilityTimeOffset=)/g;

/** DASH's clock scheme whose answer is an xs:dateTime in the body: what the edge's `/time` serves. */
export const UTC_TIMING_SCHEME = "urn:mpeg:dash:utc:http-xsdate:2014";

const escapeXml = (v: string) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const unescapeXml = (v: string) =>
  v
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** A live manifest, still growing while its video encodes (`type="dynamic"`); a finished one is static. */
export const isDynamicMpd = (mpd: string): boolean => DYNAMIC_MPD.test(mpd);

/**
 * A growing manifest lists only segments already in storage: the encoder stores a manifest after every
 * segment it names. So each listed segment can be fetched at once, whatever the clock says, and the
 * manifest says so (`availabilityTimeOffset="INF"` on its SegmentTemplates, DASH's "available from
 * availabilityStartTime on"). Otherwise a player asks for a segment only once availabilityStartTime + its
 * end has passed: an encode faster than real time had the player wait at every segment boundary, and
 * the first frame waited about a segment longer than the segment itself (dash.js 5.2, measured).
 */
function availableOnceListed(mpd: string): string {
  return isDynamicMpd(mpd) ? mpd.replace(SEGMENT_TEMPLATE_OPEN, '<SegmentTemplate availabilityTimeOffset="INF"') : mpd;
}

/**
 * `timeUrl` becomes the manifest's only clock (UTCTiming): a player of a dynamic manifest works out
 * which segments exist from the time, and stalls without a clock it can reach; the encoder's own
 * `-utc_timing_url` may name a host players cannot.
 */
export function rewriteMpd(mpd: string, signedUrl: (file: string) => string, timeUrl: string): string {
  const timing = `<UTCTiming schemeIdUri="${UTC_TIMING_SCHEME}" value="${escapeXml(timeUrl)}"/>`;
  return availableOnceListed(coverLongestTrack(mpd))
    .replace(BASE_URL, "")
    .replace(UTC_TIMING, "")
    .replace(MPD_END, (end) => `\t${timing}\n${end}`)
    .replace(TEMPLATE_ATTRIBUTE, (_, name: string, value: string) => {
      const file = unescapeXml(value);
      if (/^[a-z]+:\/\//i.test(file)) return `${name}="${value}"`;
      return `${name}="${escapeXml(signedUrl(file))}"`;
    });
}
