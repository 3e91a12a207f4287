/**
 * Which caption track the player starts with. The viewer's `captions_language` setting decides, unless
 * they chose in the captions menu since the setting last changed: that choice (a language, or off) is
 * remembered in the browser, with the setting it was made under, so changing the setting on /me still
 * takes effect on the next video.
 */
export interface CaptionTrack {
  language: string;
  label: string;
  kind: string;
}

/** What the menu's "Off" is remembered as. */
export const CAPTIONS_OFF = "off";
const STORAGE_KEY = "vod.captions";

interface Remembered {
  choice: string;
  /** The `captions_language` setting when the choice was made (null: none, or signed out). */
  setting: string | null;
}

/** The track of `language`: the same tag, else the same language (`pt-BR` finds `pt`, `en` finds `en-GB`). */
export function trackFor(tracks: CaptionTrack[], language: string | null): CaptionTrack | null {
  if (!language) return null;
  const wanted = language.toLowerCase();
  const primary = wanted.split("-")[0];
  return (
    tracks.find((t) => t.language.toLowerCase() === wanted) ??
    tracks.find((t) => t.language.toLowerCase().split("-")[0] === primary) ??
    null
  );
}

function remembered(storage: Storage): Remembered | null {
  try {
    const value = JSON.parse(storage.getItem(STORAGE_KEY) ?? "null") as Remembered | null;
    return value && typeof value.choice === "string" ? value : null;
  } catch {
    return null;
  }
}

/** The language to start with among `tracks`, or null for none. */
export function initialCaption(tracks: CaptionTrack[], setting: string | null, storage: Storage): string | null {
  const last = remembered(storage);
  const choice = last && last.setting === setting ? last.choice : setting;
  if (choice === CAPTIONS_OFF) return null;
  return trackFor(tracks, choice)?.language ?? null;
}

/** Keeps the viewer's menu choice (a track's language, or `CAPTIONS_OFF`) for the next video. */
export function rememberCaption(storage: Storage, choice: string, setting: string | null): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify({ choice, setting } satisfies Remembered));
  } catch {
    // Storage full or refused (private mode): the choice lasts for this video only.
  }
}
