import type { MediaInfo } from "../media-info.js";

/** What probing a typical upload finds: a minute of 1080p30 H.264 with sound, unrotated; tests override what they vary. */
export const mediaInfo = (over: Partial<MediaInfo> = {}): MediaInfo => ({
  durationSeconds: 60,
  width: 1920,
  height: 1080,
  rotation: 0,
  hasAudio: true,
  videoCodec: "h264",
  frameRate: 30,
  ...over,
});
