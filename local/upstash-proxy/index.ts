export { startUpstashProxy, type RunningUpstashProxy, type UpstashProxyOptions } from "./server.js";
