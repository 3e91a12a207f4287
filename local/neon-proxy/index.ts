export { startNeonProxy, type NeonProxyOptions, type RunningNeonProxy } from "./server.js";
