export { workersClientAddress } from "./client-address.js";
export { workersCache } from "./workers-cache.js";
