export { videoCaptionFiles } from "./caption-repository.js";
export { captionRoutes } from "./routes.js";
