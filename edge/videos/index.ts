export { findOwnedVideo } from "./owned-video.js";
export { isPlayable } from "./playable.js";
export { presentVideo, presentVideoTo } from "./present-video.js";
export { filesFolder, posterFile, readManifest, readVideoFile } from "./video-files.js";
