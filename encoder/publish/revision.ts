import { randomBytes } from "node:crypto";
import { REVISION_PATTERN } from "../../shared/storage-keys.js";

const TIME_WIDTH = 9;
const RANDOM_CHARS = 6;

export interface Revision {
  id: string;
  startedAt: Date;
}

/** A fresh revision folder name for one encode attempt: sortable by start time, unique across workers. */
export function newRevision(now = new Date()): Revision {
  const time = now.getTime().toString(36).padStart(TIME_WIDTH, "0");
  const random = [...randomBytes(RANDOM_CHARS)].map((b) => (b % 36).toString(36)).join("");
  const id = `r${time}${random}`;
  if (!REVISION_PATTERN.test(id)) throw new Error(`revision ${id} does not match its pattern`);
  return { id, startedAt: now };
}
