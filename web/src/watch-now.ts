import type { VideoStatus } from "../../shared/contracts/video-lifecycle.js";
import { h } from "./dom.js";

/** What the library and upload pages need to know about a video to offer watching it. */
export interface WatchableVideo {
  id: string;
  title: string;
  status: VideoStatus;
  playable: boolean;
}

/** Still being encoded, but its first segments are stored: it can be watched from the start already. */
export const canWatchWhileEncoding = (video: WatchableVideo) => video.status === "processing" && video.playable;

export const watchHref = (video: WatchableVideo) => `/watch/${encodeURIComponent(video.id)}`;

/** The link beside an encode's progress; its accessible name says which video when a list holds several. */
export const watchNowLink = (video: WatchableVideo) =>
  h("a", { href: watchHref(video), class: "button primary watch-now", "aria-label": `Watch now: ${video.title}` }, "Watch now");
