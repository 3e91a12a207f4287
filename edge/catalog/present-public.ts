import type { PublicVideoView } from "../../shared/contracts/videos.js";
import type { EdgePorts } from "../ports/index.js";
import { videoGrant } from "../playback/index.js";
import { posterFile } from "../videos/index.js";
import type { VideoWithOwner } from "./queries.js";

/** A listed video as every caller sees it (cacheable), and its poster to sign per caller (relative to its prefix). */
export interface PublicListing {
  view: PublicVideoView;
  poster: string | null;
}

export const presentPublicVideo = (v: VideoWithOwner): PublicListing => ({
  view: {
    id: v.id,
    title: v.title,
    description: v.description,
    duration_seconds: v.durationSeconds,
    width: v.width,
    height: v.height,
    poster_url: null,
    tags: v.tags,
    owner: v.owner,
    published_at: v.publishedAt?.toISOString() ?? null,
  },
  poster: posterFile(v.outputs),
});

export const withPoster = (p: EdgePorts, { view, poster }: PublicListing): PublicVideoView => ({
  ...view,
  poster_url: poster === null ? null : videoGrant(p, view.id).url(poster),
});
