import type { EncodedEvent } from "../../shared/contracts/events.js";
import type { JobRun } from "./job-context.js";
import { publishEvent } from "./publish-event.js";
import { discardRevision, findFinishedRevision, removeDeadRevisions } from "./revision-cleanup.js";

/** One id per video: a redelivered or duplicated job publishes an event the stream drops. */
export const encodedMsgId = (videoId: string) => `${videoId}:encoded`;

/**
 * Reports 100 % and publishes the encoded event of a stored revision, resolving only once JetStream has
 * stored it; then removes the video's unfinished revisions.
 *
 * Two deliveries of one video can run at once (a duplicate job). Both then agree on one winner, the
 * finished revision that started first, publish its event and keep it; the loser removes its own
 * folder. Publishing an event the stream or the catalog already has changes nothing.
 */
export async function publishEncoded(run: JobRun, event: EncodedEvent): Promise<void> {
  await run.progress.complete();
  const id = run.job.video_id;
  const other = event.revision ? await findFinishedRevision(run.deps, id, event.revision) : null;
  const lost = other !== null && event.revision !== undefined && other.revision.id < event.revision;
  const winner = lost ? other.event : event;
  const ack = await publishEvent(run.deps.js, "encoded", winner, { msgID: encodedMsgId(id), timeoutMs: run.deps.publishTimeoutMs });
  run.log.info("encoded event stored", { seq: ack.seq, duplicate: ack.duplicate, revision: winner.revision });
  if (lost && event.revision) await discardRevision(run.deps, id, event.revision, run.log);
  await removeDeadRevisions(run.deps, id, winner.revision, run.log);
}
