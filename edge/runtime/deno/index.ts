export { denoClientAddress } from "./client-address.js";
