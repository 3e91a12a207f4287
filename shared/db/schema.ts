export { users, type UserRow } from "./users.js";
export { sessions, refreshTokens } from "./sessions.js";
