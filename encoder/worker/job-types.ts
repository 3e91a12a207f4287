/**
 * How a delivery ends, and what the message gets:
 * done (ack), bad_media (term, failed event), poison (term, failed event when the video is known),
 * transient (nak with backoff), handed_back (nak now: this process is stopping).
 */
export const OUTCOMES = ["done", "bad_media", "transient", "poison", "handed_back"] as const;
export type Outcome = (typeof OUTCOMES)[number];
