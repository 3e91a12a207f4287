export { playbackFor, signedCaptions, videoGrant } from "./playback-urls.js";
export { playbackRoutes } from "./routes.js";
