import type { Representation } from "dashjs";
import { h } from "../dom.js";
import type { CaptionTrack } from "./captions-choice.js";

/**
 * Caption tracks as the video's own <track> elements, one per language, each loading its own WebVTT file
 * into its own TextTrack: a file's cues can only ever land under its language, however fast the viewer
 * switches and whenever the file arrives.
 *
 * Not dash.js's text tracks: dash.js 5.2.1 appends a sidecar file's cues to whichever track is current
 * when the file arrives (TextSourceBuffer `_appendText`: `addCaptions(textTracks.getCurrentTrackIdx(), …)`),
 * so choosing another track while the previous one's file was still loading put that file's cues under
 * the new choice (French chosen, the English cue shown). The manifests keep listing the tracks, for other
 * players; dash.js is told to leave them out (`withoutSidecarText`).
 */
export interface SidecarCaptionTrack extends CaptionTrack {
  /** The WebVTT file, signed for the CDN (null while the video is not playable: no track then). */
  url: string | null;
}

/** For dash.js's `registerCustomCapabilitiesFilter`: every representation but the manifest's sidecar text files. */
export const withoutSidecarText = (representation: Pick<Representation, "mimeType">): boolean =>
  !representation.mimeType?.startsWith("text/");

interface Track {
  language: string;
  mode: TextTrackMode;
}

/** Shows the track of `language` (none for null) and turns every other one off, so that it neither loads nor shows. */
export function showOnly(tracks: Track[], language: string | null): void {
  for (const track of tracks) {
    const mode: TextTrackMode = track.language === language ? "showing" : "disabled";
    // Only on a change: each assignment makes the browser announce a change of the video's tracks.
    if (track.mode !== mode) track.mode = mode;
  }
}

/**
 * What to make of the tracks' modes once they changed, the menu's choice being `chosen`: nothing (as chosen);
 * `restore` the choice when another track came on beside it (the browser's automatic selection: Chromium turns on
 * a track in the browser's language while another shows); or `adopt` what one or none showing says, the viewer's
 * choice in the video's own captions menu, which turns the others off.
 */
export function afterTrackChange(tracks: Track[], chosen: string | null): "keep" | "restore" | { adopt: string | null } {
  const showing = tracks.filter((t) => t.mode === "showing").map((t) => t.language);
  if (showing.length === (chosen === null ? 0 : 1) && (chosen === null || showing[0] === chosen)) return "keep";
  if (showing.length > 1 || (chosen !== null && showing.includes(chosen))) return "restore";
  return { adopt: showing[0] ?? null };
}

/**
 * Adds a <track> per caption file to `video`, all off; returns what shows one of them. `onChosenInVideo` hears
 * of a choice made in the video's own captions menu (a language, or null for none).
 */
export function addCaptionTracks(
  video: HTMLVideoElement,
  tracks: SidecarCaptionTrack[],
  onChosenInVideo: (language: string | null) => void,
): (language: string | null) => void {
  const elements = tracks.flatMap((t) =>
    t.url ? [h("track", { kind: t.kind === "captions" ? "captions" : "subtitles", label: t.label, srclang: t.language, src: t.url })] : [],
  );
  // A file on another origin (the CDN) loads into a track only through CORS, asked for by the media element.
  if (elements.length > 0) video.crossOrigin = "anonymous";
  video.append(...elements);
  const textTracks = elements.map((e) => e.track);
  let chosen: string | null = null;
  video.textTracks.addEventListener("change", () => {
    const change = afterTrackChange(textTracks, chosen);
    if (change === "restore") showOnly(textTracks, chosen);
    else if (change !== "keep") onChosenInVideo((chosen = change.adopt));
  });
  return (language) => {
    chosen = language;
    showOnly(textTracks, language);
  };
}
