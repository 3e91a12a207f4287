export { nodeClientAddress } from "./client-address.js";
