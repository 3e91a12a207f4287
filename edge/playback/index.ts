export { captionsFor, playbackFor, videoGrant } from "./playback-urls.js";
export { playbackRoutes } from "./routes.js";
