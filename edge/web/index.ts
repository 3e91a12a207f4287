export { webAppRoutes, type WebFile, type WebFiles } from "./static-site.js";
