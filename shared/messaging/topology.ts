/**
 * JetStream names both sides agree on. Work-queue retention for jobs (each job is taken once),
 * limits retention for events (several consumers may read them).
 */
export const SUBJECTS = {
  encode: "jobs.encode",
  delete: "jobs.delete",
  download: "jobs.download",
  deadLetter: "jobs.dlq",
  events: "video.events",
} as const;

export const STREAMS = {
  jobs: { name: "JOBS", subjects: [SUBJECTS.encode, SUBJECTS.delete, SUBJECTS.download] },
  deadLetters: { name: "JOBS_DLQ", subjects: [`${SUBJECTS.deadLetter}.>`] },
  events: { name: "VIDEO_EVENTS", subjects: [`${SUBJECTS.events}.>`] },
  // Core NATS advisories are fire-and-forget; this keeps the MAX_DELIVERIES ones until the dead-letter handler took them.
  advisories: { name: "ADVISORIES", subjects: ["$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.JOBS.>"] },
} as const;

/** Long enough to cover a relay that crashed between PubAck and marking the row. */
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/** Durable consumers. The encoder's numbers are defaults; the pool's config may override them. */
export const CONSUMERS = {
  encoder: { durable: "encoder", stream: STREAMS.jobs.name, filter: SUBJECTS.encode, ackWaitMs: 60_000, maxDeliver: 5 },
  deleter: { durable: "deleter", stream: STREAMS.jobs.name, filter: SUBJECTS.delete, ackWaitMs: 60_000, maxDeliver: 5 },
  // In the encoder pool (it has ffmpeg); a remux heart-beats, so ack_wait bounds only a dead worker's job.
  downloader: { durable: "downloader", stream: STREAMS.jobs.name, filter: SUBJECTS.download, ackWaitMs: 60_000, maxDeliver: 5 },
  projector: { durable: "projector", stream: STREAMS.events.name, filter: `${SUBJECTS.events}.>`, ackWaitMs: 30_000, maxDeliver: 10 },
} as const;

/** Published by the server when a consumer's message reaches max_deliver (it stays in a work-queue stream). */
export const maxDeliveriesAdvisory = (stream: string, consumer: string) =>
  `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${consumer}`;
