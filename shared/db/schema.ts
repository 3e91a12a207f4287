export { users, type UserRow } from "./users.js";
export { sessions, refreshTokens } from "./sessions.js";
export { videos, type VideoRow, type VideoOutputs } from "./videos.js";
export { outbox, type OutboxRow } from "./outbox.js";
export { captions, type CaptionRow } from "./captions.js";
