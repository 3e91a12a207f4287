export { createPorts, portsPerEnv } from "./create-ports.js";
