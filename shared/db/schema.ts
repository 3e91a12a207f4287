export { users, type UserRow } from "./users.js";
export { sessions, refreshTokens } from "./sessions.js";
export { videos, videoColumns, type VideoRow, type VideoOutputs } from "./videos.js";
export { outbox, type OutboxRow } from "./outbox.js";
export { downloads, type DownloadRow } from "./downloads.js";
export { captions, type CaptionFile, type CaptionRow } from "./captions.js";
