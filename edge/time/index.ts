export { TIME_PATH, timeRoutes } from "./routes.js";
