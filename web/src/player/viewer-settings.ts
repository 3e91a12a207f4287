import type { UserSettings } from "../../../shared/contracts/users.js";

/** What the player takes from the viewer's settings (`GET /users/me/settings`). */
export type ViewerSettings = Pick<UserSettings, "default_quality" | "autoplay" | "playback_speed" | "captions_language">;

/** Anonymous viewers, and signed-in ones whose settings could not be read: the API's own defaults. */
export const DEFAULT_VIEWER_SETTINGS: ViewerSettings = {
  default_quality: "auto",
  autoplay: true,
  playback_speed: 1,
  captions_language: null,
};

/**
 * The representation to start on for a `default_quality` such as `720p` (a video's short side, as the
 * ladder names its rungs, so a portrait video's 720p is 720 wide): that rung when the video has it, else
 * the best one below it (never more data than asked for), else the smallest; null for automatic.
 */
export function startingRepresentation(
  representations: { id: string; width: number; height: number }[],
  quality: ViewerSettings["default_quality"],
): string | null {
  if (quality === "auto" || representations.length === 0) return null;
  const wanted = Number.parseInt(quality, 10);
  const bySize = representations.map((r) => ({ id: r.id, size: Math.min(r.width, r.height) })).sort((a, b) => b.size - a.size);
  return (bySize.find((r) => r.size <= wanted) ?? bySize[bySize.length - 1]!).id;
}
