/**
 * JetStream names both sides agree on. Work-queue retention for jobs (each job is taken once),
 * limits retention for events (several consumers may read them).
 */
export const SUBJECTS = {
  encode: "jobs.encode",
  delete: "jobs.delete",
  deadLetter: "jobs.dlq",
  events: "video.events",
} as const;

export const STREAMS = {
  jobs: { name: "JOBS", subjects: [SUBJECTS.encode, SUBJECTS.delete] },
  deadLetters: { name: "JOBS_DLQ", subjects: [`${SUBJECTS.deadLetter}.>`] },
  events: { name: "VIDEO_EVENTS", subjects: [`${SUBJECTS.events}.>`] },
} as const;

/** Long enough to cover a relay that crashed between PubAck and marking the row. */
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
