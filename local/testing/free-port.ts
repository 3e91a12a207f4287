export { freePort } from "../launcher/free-port.js";
