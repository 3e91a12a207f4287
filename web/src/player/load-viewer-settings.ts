import { api, unwrap } from "../api.js";
import { isSignedIn } from "../auth.js";
import { DEFAULT_VIEWER_SETTINGS, type ViewerSettings } from "./viewer-settings.js";

/**
 * The signed-in viewer's settings, read afresh for every video so a change made on /me applies to the
 * next one; the defaults for anyone else, or when they cannot be read (the video plays regardless).
 */
export async function loadViewerSettings(signal: AbortSignal): Promise<ViewerSettings> {
  if (!isSignedIn()) return DEFAULT_VIEWER_SETTINGS;
  const answer = await unwrap(api.GET("/users/me/settings", { signal })).catch(() => null);
  if (!answer) return DEFAULT_VIEWER_SETTINGS;
  const { default_quality, autoplay, playback_speed, captions_language } = answer.settings;
  return { default_quality, autoplay, playback_speed, captions_language: captions_language ?? null };
}
