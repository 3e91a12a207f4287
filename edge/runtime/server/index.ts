export { DEFAULT_WEB_DIST, fileWebFiles } from "./file-web-files.js";
export { listenAddress } from "./listen-address.js";
export { clientAddressVia, clientBehindProxies } from "./trusted-proxies.js";
