export { bunClientAddress } from "./client-address.js";
