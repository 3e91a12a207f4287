import type { PublicVideoView } from "../../shared/contracts/videos.js";
import type { EdgePorts } from "../ports.js";
import { posterUrl } from "../playback/service.js";
import type { VideoWithOwner } from "./queries.js";

export const presentPublicVideo = (p: EdgePorts, v: VideoWithOwner): PublicVideoView => ({
  id: v.id,
  title: v.title,
  description: v.description,
  duration_seconds: v.durationSeconds,
  width: v.width,
  height: v.height,
  poster_url: posterUrl(p, v),
  owner: v.owner,
  published_at: v.publishedAt?.toISOString() ?? null,
});
