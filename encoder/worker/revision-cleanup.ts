import type { Logger } from "../../shared/logger.js";
import { listRevisions, readRevisionRecord, removeRevision } from "../publish/index.js";
import type { JobDeps } from "./job-context.js";

type Storage = Pick<JobDeps, "s3" | "bucket">;
type Cleanup = Pick<JobDeps, "s3" | "bucket" | "ackWaitMs">;

/**
 * Removes the video's revisions whose attempt died without finishing (no write, lease included, for
 * longer than ack_wait), except `keep`: their growing manifests would otherwise look live forever. A
 * revision another attempt is still writing (a duplicate job) stays, and so do finished ones: the projector
 * may point the video at one. Never throws; what is left is logged, and a later attempt or the purge queued
 * with the move to failed removes it.
 */
export async function removeDeadRevisions(deps: Cleanup, videoId: string, keep: string | undefined, log: Logger): Promise<void> {
  try {
    for (const revision of await listRevisions(deps.s3, deps.bucket, videoId)) {
      if (revision.id === keep || Date.now() - revision.lastWrite.getTime() < deps.ackWaitMs) continue;
      if (await readRevisionRecord(deps.s3, deps.bucket, videoId, revision.id)) continue;
      const removed = await removeRevision(deps.s3, deps.bucket, revision);
      log.info("unfinished revision removed", { stale_revision: revision.id, objects: removed });
    }
  } catch (err) {
    log.warn("unfinished revisions not removed; a later attempt or the dead-letter purge will", { err });
  }
}

/** The oldest finished revision, the one whose encoded event was published first, with that event. */
export async function findFinishedRevision(deps: Storage, videoId: string, except?: string) {
  for (const revision of await listRevisions(deps.s3, deps.bucket, videoId)) {
    if (revision.id === except) continue;
    const event = await readRevisionRecord(deps.s3, deps.bucket, videoId, revision.id);
    if (event) return { revision, event };
  }
  return null;
}

/** Removes one revision: this attempt's own, when it failed, stopped, or lost to another finished one. */
export async function discardRevision(deps: Storage, videoId: string, revisionId: string, log: Logger): Promise<void> {
  try {
    const revision = (await listRevisions(deps.s3, deps.bucket, videoId)).find((r) => r.id === revisionId);
    if (revision) await removeRevision(deps.s3, deps.bucket, revision);
  } catch (err) {
    log.warn("superseded revision not removed", { err, stale_revision: revisionId });
  }
}
