/** Who may see a video. No imports, so the browser bundle takes these and nothing else. */
export const VISIBILITIES = ["public", "unlisted", "private"] as const;
export type Visibility = (typeof VISIBILITIES)[number];
