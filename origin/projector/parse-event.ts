import type { z } from "zod";
import {
  EVENT_TYPES,
  downloadFailedEvent,
  encodedEvent,
  failedEvent,
  playableEvent,
  progressEvent,
  type DownloadFailedEvent,
  type EncodedEvent,
  type EventType,
  type FailedEvent,
  type PlayableEvent,
  type ProgressEvent,
} from "../../shared/contracts/events.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import { describeIssues } from "../../shared/zod-issues.js";

/** Metric label for a subject outside `video.events.<known type>`: keeps the label set bounded. */
export const UNKNOWN_TYPE = "unknown";
export type EventLabel = EventType | typeof UNKNOWN_TYPE;

export type VideoEvent =
  | { type: "progress"; event: ProgressEvent }
  | { type: "playable"; event: PlayableEvent }
  | { type: "encoded"; event: EncodedEvent }
  | { type: "failed"; event: FailedEvent }
  | { type: "download_failed"; event: DownloadFailedEvent };

export type ParsedEvent = { ok: true; value: VideoEvent } | { ok: false; type: EventLabel; problem: string };

const SUBJECT_PREFIX = `${SUBJECTS.events}.`;
const MAX_PROBLEM_LENGTH = 300;

/** The event type comes from the subject (that is what encoders publish on); the body must match its contract. */
export function parseEvent(subject: string, body: string): ParsedEvent {
  const type = subject.startsWith(SUBJECT_PREFIX) ? subject.slice(SUBJECT_PREFIX.length) : "";
  if (!isEventType(type)) return { ok: false, type: UNKNOWN_TYPE, problem: `no event type for subject ${subject}` };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, type, problem: "body is not JSON" };
  }
  switch (type) {
    case "progress":
      return check(progressEvent.safeParse(json), json, type, (event) => ({ type, event }));
    case "playable":
      return check(playableEvent.safeParse(json), json, type, (event) => ({ type, event }));
    case "encoded":
      return check(encodedEvent.safeParse(json), json, type, (event) => ({ type, event }));
    case "failed":
      return check(failedEvent.safeParse(json), json, type, (event) => ({ type, event }));
    case "download_failed":
      return check(downloadFailedEvent.safeParse(json), json, type, (event) => ({ type, event }));
  }
}

function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

function check<T>(result: z.ZodSafeParseResult<T>, json: unknown, type: EventType, wrap: (event: T) => VideoEvent): ParsedEvent {
  if (result.success) return { ok: true, value: wrap(result.data) };
  const problem = describeIssues(result.error, json).join("; ");
  return { ok: false, type, problem: problem.slice(0, MAX_PROBLEM_LENGTH) };
}
