import { encodedEvent, type EncodedEvent } from "../../shared/contracts/events.js";
import { storageKeys } from "../../shared/storage-keys.js";
import type { MediaInfo, PackagedVideo } from "../media/index.js";
import type { JobRun } from "./job-context.js";
import { publishEvent } from "./publish-event.js";

/** One id per video: a redelivered or duplicated job publishes an event the stream drops. */
export const encodedMsgId = (videoId: string) => `${videoId}:encoded`;

/** Reports 100 % and publishes the encoded event, resolving only once JetStream has stored it. */
export async function publishEncoded(run: JobRun, info: MediaInfo, packaged: PackagedVideo): Promise<void> {
  await run.progress.complete();
  const event = encodedEvent.parse(buildEncodedEvent(run, info, packaged));
  const ack = await publishEvent(run.deps.js, "encoded", event, {
    msgID: encodedMsgId(run.job.video_id),
    timeoutMs: run.deps.publishTimeoutMs,
  });
  run.log.info("encoded event stored", { seq: ack.seq, duplicate: ack.duplicate });
}

function buildEncodedEvent(run: JobRun, info: MediaInfo, packaged: PackagedVideo): EncodedEvent {
  const id = run.job.video_id;
  const files = new Set(packaged.files);
  return {
    video_id: id,
    duration_seconds: info.durationSeconds,
    // The probe's display size: rotation and sample aspect ratio already applied.
    width: info.width,
    height: info.height,
    renditions: packaged.renditions,
    keys: {
      manifest: storageKeys.manifest(id),
      hls_master: storageKeys.hlsMaster(id),
      poster: storageKeys.poster(id),
      ...(packaged.storyboard && files.has(packaged.storyboard) && { storyboard: storageKeys.storyboard(id) }),
      ...(packaged.storyboardVtt && files.has(packaged.storyboardVtt) && { storyboard_vtt: storageKeys.storyboardVtt(id) }),
    },
    encoded_at: new Date().toISOString(),
    trace: run.trace,
  };
}
