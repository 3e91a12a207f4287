import { encodedEvent, type EncodedEvent } from "../../shared/contracts/events.js";
import { storageKeys } from "../../shared/storage-keys.js";
import type { MediaInfo } from "../media/index.js";
import { FINAL_MANIFEST_CACHE } from "../publish/index.js";
import { uploadText } from "../storage/index.js";
import { giveUp, type EncodedRevision } from "./encode-stage.js";
import type { JobRun } from "./job-context.js";
import { useUploadedThumbnail } from "./seed-thumbnail.js";

/**
 * Stores what the live publishing left (poster, storyboard, each manifest in its final form, the DASH
 * manifest last), then the revision's record: the encoded event, so a redelivered job adopts this
 * revision instead of encoding again. Resolves with that event.
 */
export async function storeRevision(run: JobRun, info: MediaInfo, encoded: EncodedRevision): Promise<EncodedEvent> {
  run.progress.report("upload", 0);
  const event = encodedEvent.parse(buildEncodedEvent(run, info, encoded));
  try {
    await useUploadedThumbnail(run, encoded.packaged.dir);
    const timings = await encoded.publisher.finish(encoded.packaged.files);
    run.log.info("uploads drained", { files: timings.files, seconds: Math.round(timings.ms / 10) / 100 });
    await encoded.announcer.settled();
    run.progress.report("upload", 1);
    await uploadText(run.deps.s3, {
      bucket: run.deps.bucket,
      key: storageKeys.revisionRecord(run.job.video_id, encoded.revision.id),
      text: JSON.stringify(event),
      headers: { contentType: "application/json", cacheControl: FINAL_MANIFEST_CACHE },
      signal: run.signal,
    });
  } catch (err) {
    await encoded.announcer.settled();
    await giveUp({ run, revision: encoded.revision, lease: encoded.lease });
    throw err;
  }
  // Finished: the record, not the lease, now keeps other attempts away from it.
  await encoded.lease.release();
  run.log.info("revision stored", { revision: encoded.revision.id, files: encoded.packaged.files.length });
  return event;
}

function buildEncodedEvent(run: JobRun, info: MediaInfo, { revision, packaged }: EncodedRevision): EncodedEvent {
  const id = run.job.video_id;
  const rev = revision.id;
  const files = new Set(packaged.files);
  return {
    video_id: id,
    revision: rev,
    duration_seconds: info.durationSeconds,
    // The probe's display size: rotation and sample aspect ratio already applied.
    width: info.width,
    height: info.height,
    renditions: packaged.renditions,
    keys: {
      manifest: storageKeys.manifest(id, rev),
      hls_master: storageKeys.hlsMaster(id, rev),
      poster: storageKeys.poster(id, rev),
      ...(packaged.storyboard && files.has(packaged.storyboard) && { storyboard: storageKeys.storyboard(id, rev) }),
      ...(packaged.storyboardVtt && files.has(packaged.storyboardVtt) && { storyboard_vtt: storageKeys.storyboardVtt(id, rev) }),
    },
    encoded_at: new Date().toISOString(),
    trace: run.trace,
  };
}
