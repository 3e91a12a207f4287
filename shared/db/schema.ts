export { users, type UserRow } from "./users.js";
export { sessions, refreshTokens } from "./sessions.js";
export { videos, type VideoRow, type VideoOutputs, type VideoStatus, type Visibility, VIDEO_STATUSES, VISIBILITIES } from "./videos.js";
export { outbox, type OutboxRow } from "./outbox.js";
