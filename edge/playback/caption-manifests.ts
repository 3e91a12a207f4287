/**
 * Caption tracks added to the manifests as the edge serves them, without touching what the encoder
 * stored: each track is one WebVTT file under the video's CDN prefix, signed like the segments.
 */
import type { CaptionKind } from "../../shared/contracts/captions.js";

export interface SignedTrack {
  language: string;
  label: string;
  kind: CaptionKind;
  /** The signed CDN URL of the WebVTT file (DASH), or of the edge's subtitle playlist for it (HLS). */
  url: string;
}

/** The HLS group every variant names: one, holding every language. */
export const SUBTITLES_GROUP = "subs";
/** DASH AdaptationSet ids are numbers; captions take theirs from here, clear of ffmpeg's (0, 1, …). */
const FIRST_TEXT_SET_ID = 1000;
/** What a text track costs, for players that add up bandwidths. */
const TEXT_BANDWIDTH = 256;
const PERIOD_END = /<\/Period>/;
const STREAM_INF = /^#EXT-X-STREAM-INF:(.*)$/gm;
const FIRST_STREAM_INF = /^#EXT-X-STREAM-INF:/m;

const escapeXml = (v: string) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** HLS quoted-string: no double quote, no line break (RFC 8216 4.2). */
const quoted = (v: string) => `"${v.replace(/["\r\n]/g, "'")}"`;
// DASH's role scheme names the two kinds in the singular.
const DASH_ROLE: Record<CaptionKind, string> = { subtitles: "subtitle", captions: "caption" };
// What HLS clients (Safari among them) look for to tell captions for the deaf and hard of hearing apart.
const HLS_CAPTION_CHARACTERISTICS = "public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound";

/** One text AdaptationSet per track in the (first) Period, the whole WebVTT file as its one Representation. */
export function withTextAdaptationSets(mpd: string, tracks: SignedTrack[]): string {
  if (tracks.length === 0) return mpd;
  const sets = tracks.map(
    (t, i) =>
      `\t\t<AdaptationSet id="${FIRST_TEXT_SET_ID + i}" contentType="text" mimeType="text/vtt" lang="${escapeXml(t.language)}">\n` +
      `\t\t\t<Role schemeIdUri="urn:mpeg:dash:role:2011" value="${DASH_ROLE[t.kind]}"/>\n` +
      `\t\t\t<Label>${escapeXml(t.label)}</Label>\n` +
      `\t\t\t<Representation id="text-${escapeXml(t.language)}" mimeType="text/vtt" bandwidth="${TEXT_BANDWIDTH}">\n` +
      `\t\t\t\t<BaseURL>${escapeXml(t.url)}</BaseURL>\n` +
      `\t\t\t</Representation>\n` +
      `\t\t</AdaptationSet>\n`,
  );
  return mpd.replace(PERIOD_END, (end) => `${sets.join("")}\t${end}`);
}

/** An `EXT-X-MEDIA:TYPE=SUBTITLES` rendition per track, and every variant pointing at their group. */
export function withSubtitleGroup(master: string, tracks: SignedTrack[]): string {
  if (tracks.length === 0 || !FIRST_STREAM_INF.test(master)) return master;
  const media = tracks.map((t) => {
    const attributes = [
      "TYPE=SUBTITLES",
      `GROUP-ID=${quoted(SUBTITLES_GROUP)}`,
      `NAME=${quoted(t.label)}`,
      `LANGUAGE=${quoted(t.language)}`,
      "DEFAULT=NO",
      "AUTOSELECT=YES",
      ...(t.kind === "captions" ? [`CHARACTERISTICS=${quoted(HLS_CAPTION_CHARACTERISTICS)}`] : []),
      `URI=${quoted(t.url)}`,
    ];
    return `#EXT-X-MEDIA:${attributes.join(",")}\n`;
  });
  const withGroup = master.replace(STREAM_INF, (line, attributes: string) =>
    /(?:^|,)SUBTITLES=/.test(attributes) ? line : `${line},SUBTITLES=${quoted(SUBTITLES_GROUP)}`,
  );
  return withGroup.replace(FIRST_STREAM_INF, (first) => `${media.join("")}${first}`);
}

/**
 * The media playlist of one subtitle rendition: the whole WebVTT file as one segment covering the
 * video (its duration from the source's probe, known while the video still encodes).
 */
export function subtitlePlaylist(vttUrl: string, durationSeconds: number): string {
  const duration = Math.max(durationSeconds, 0.001);
  return [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    `#EXT-X-TARGETDURATION:${Math.ceil(duration)}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    "#EXT-X-PLAYLIST-TYPE:VOD",
    `#EXTINF:${duration.toFixed(3)},`,
    vttUrl,
    "#EXT-X-ENDLIST",
    "",
  ].join("\n");
}
