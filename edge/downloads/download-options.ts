import { AUDIO_DOWNLOAD } from "../../shared/contracts/downloads.js";

/** One file a video can be downloaded as, and the DASH representations it is remuxed from. */
export interface DownloadOption {
  rendition: string;
  kind: "video" | "audio";
  /** What the stored file is called in the revision's `downloads/` folder. */
  file: string;
  videoRepresentation: string | null;
  audioRepresentation: string | null;
}

const ADAPTATION_SET = /<AdaptationSet\b([^>]*)>([\s\S]*?)<\/AdaptationSet>/g;
const REPRESENTATION = /<Representation\b([^>]*)>/g;
const attribute = (attributes: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1];

/**
 * The choices a finished revision offers, read from its stored (static) MPD as ffmpeg's dash muxer writes
 * it: one per video representation, named by its short side (`720p`, also for a portrait video), best
 * first, each with the audio track; and the audio alone when there is one.
 */
export function downloadOptions(mpd: string): DownloadOption[] {
  const videos: { id: string; size: number }[] = [];
  let audio: string | null = null;
  for (const [, setAttributes = "", body = ""] of mpd.matchAll(ADAPTATION_SET)) {
    for (const [, attributes = ""] of body.matchAll(REPRESENTATION)) {
      const id = attribute(attributes, "id");
      const type = attribute(setAttributes, "contentType") ?? attribute(attributes, "mimeType")?.split("/")[0];
      if (id === undefined) continue;
      if (type === "audio") audio ??= id;
      if (type !== "video") continue;
      const width = Number(attribute(attributes, "width"));
      const height = Number(attribute(attributes, "height"));
      if (width > 0 && height > 0) videos.push({ id, size: Math.min(width, height) });
    }
  }
  const seen = new Set<string>();
  const options: DownloadOption[] = [];
  for (const v of videos.sort((a, b) => b.size - a.size)) {
    const rendition = `${v.size}p`;
    if (seen.has(rendition)) continue;
    seen.add(rendition);
    options.push({ rendition, kind: "video", file: `${rendition}.mp4`, videoRepresentation: v.id, audioRepresentation: audio });
  }
  if (audio !== null) {
    options.push({ rendition: AUDIO_DOWNLOAD, kind: "audio", file: "audio.m4a", videoRepresentation: null, audioRepresentation: audio });
  }
  return options;
}
