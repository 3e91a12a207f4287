import type { PublicVideoView } from "../../shared/contracts/videos.js";
import type { EdgePorts } from "../ports.js";
import { grantVideo } from "../playback/cdn-signer.js";
import { cdnSigning } from "../playback/signing.js";
import type { VideoWithOwner } from "./queries.js";

/** The same for every caller (cacheable); the poster URL is signed per caller by `withPoster`. */
export const presentPublicVideo = (v: VideoWithOwner): PublicVideoView => ({
  id: v.id,
  title: v.title,
  description: v.description,
  duration_seconds: v.durationSeconds,
  width: v.width,
  height: v.height,
  poster_url: null,
  owner: v.owner,
  published_at: v.publishedAt?.toISOString() ?? null,
});

export const withPoster = (p: EdgePorts, view: PublicVideoView): PublicVideoView => ({
  ...view,
  poster_url: grantVideo(cdnSigning(p), view.id, p.clock()).url("poster.jpg"),
});
