export { freePort } from "../origin/local-stack/free-port.js";
