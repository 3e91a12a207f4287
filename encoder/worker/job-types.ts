/** The stages of one delivery, in order; each has its own duration series. */
export const STAGES = ["adopt", "source", "probe", "encode", "upload", "publish"] as const;
export type Stage = (typeof STAGES)[number];

/**
 * How a delivery ends, and what the message gets:
 * done (ack), bad_media (term, failed event), poison (term, failed event when the video is known),
 * transient (nak with backoff), handed_back (nak now: this process is stopping).
 */
export const OUTCOMES = ["done", "bad_media", "transient", "poison", "handed_back"] as const;
export type Outcome = (typeof OUTCOMES)[number];
