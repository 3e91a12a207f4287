import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import type { EncodedEvent } from "../../shared/contracts/events.js";
import type { Logger } from "../../shared/logger.js";
import type { JobRun } from "./job-context.js";
import { publishEvent } from "./publish-event.js";
import { discardRevision, findFinishedRevision, removeDeadRevisions } from "./revision-cleanup.js";

/** One id per video: a redelivered or duplicated job publishes an event the stream drops. */
export const encodedMsgId = (videoId: string) => `${videoId}:encoded`;

/**
 * Reports 100 % and publishes the encoded event of a stored revision, resolving only once JetStream has
 * stored it; then removes the video's unfinished revisions.
 *
 * Two deliveries of one video can run at once (a duplicate job). The stream decides between them: the
 * encoded event it stored first is the one the projector applies, so that revision is kept and the other
 * attempt removes its own folder. An attempt that finds an older finished revision publishes that one's
 * event instead of its own (so two attempts finishing together agree), but only the stream's answer
 * counts: a newer attempt may have finished and published before this one's record was written.
 */
export async function publishEncoded(run: JobRun, event: EncodedEvent): Promise<void> {
  await run.progress.complete();
  const id = run.job.video_id;
  const other = event.revision ? await findFinishedRevision(run.deps, id, event.revision) : null;
  const offered = other !== null && event.revision !== undefined && other.revision.id < event.revision ? other.event : event;
  const ack = await publishEvent(run.deps.js, "encoded", offered, { msgID: encodedMsgId(id), timeoutMs: run.deps.publishTimeoutMs });
  const winner = ack.duplicate ? await revisionStoredAt(run.deps.js, ack, id, run.log) : offered.revision;
  run.log.info("encoded event stored", { seq: ack.seq, duplicate: ack.duplicate, revision: winner });
  // Not knowing which revision won, keep this one: a stray folder is better than a removed live one.
  if (winner === undefined) return;
  if (event.revision && event.revision !== winner) await discardRevision(run.deps, id, event.revision, run.log);
  await removeDeadRevisions(run.deps, id, winner, run.log);
}

/** The revision of the encoded event the stream already held: a duplicate's ack names its sequence. */
async function revisionStoredAt(js: JetStreamClient, ack: PubAck, videoId: string, log: Logger): Promise<string | undefined> {
  try {
    const jsm = await js.jetstreamManager(false);
    const stored = await jsm.streams.getMessage(ack.stream, { seq: ack.seq });
    const body = stored?.json<Partial<EncodedEvent>>();
    if (body?.video_id === videoId && typeof body.revision === "string") return body.revision;
    log.warn("the stored encoded event names no revision of this video", { seq: ack.seq });
  } catch (err) {
    log.warn("the stored encoded event could not be read", { err, seq: ack.seq });
  }
  return undefined;
}
