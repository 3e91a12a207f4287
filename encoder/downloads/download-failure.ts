import type { JetStreamClient } from "@nats-io/jetstream";
import { DOWNLOAD_FAILURES, type DownloadFailureCode, type DownloadRequest } from "../../shared/contracts/downloads.js";
import { downloadFailedEvent, downloadFailedMsgId } from "../../shared/contracts/events.js";
import { FfmpegError } from "../media/index.js";
import { publishEvent } from "../worker/publish-event.js";
import { MissingTrackError } from "./gather-track.js";
import { DamagedDownloadError } from "./verify-download.js";

// What ffmpeg says when the machine, not the input, is at fault: another worker (or this one later) can do it.
const MACHINE_TROUBLE = /No space left on device|Cannot allocate memory|Too many open files/i;

/**
 * A failure no retry of this job can fix: a track without (or with vanished) segments, ffmpeg refusing
 * the joined input, or a joined file that is short, missing a track or does not decode. ffmpeg that could not start or was killed (null exit code), or ran out of disk or
 * memory, is this worker's trouble and is retried like a storage error.
 */
export function isBadMedia(err: unknown): boolean {
  if (err instanceof MissingTrackError || err instanceof DamagedDownloadError) return true;
  return err instanceof FfmpegError && err.exitCode !== null && !MACHINE_TROUBLE.test(err.stderrTail);
}

/**
 * Tells the platform (through the projector) that this request's download will not be made, with the
 * viewer's sentence for `code`: never the error itself, which may name storage keys, paths or hosts.
 * Resolves once the event is stored; the same request's failure is stored once however often it is sent.
 */
export async function publishDownloadFailed(
  js: JetStreamClient,
  request: DownloadRequest,
  code: DownloadFailureCode,
  timeoutMs: number,
): Promise<void> {
  const event = downloadFailedEvent.parse({
    video_id: request.video_id,
    revision: request.revision,
    rendition: request.rendition,
    requested_at: request.requested_at,
    code,
    reason: DOWNLOAD_FAILURES[code],
    at: new Date().toISOString(),
    trace: request.trace,
  });
  await publishEvent(js, "download_failed", event, { msgID: downloadFailedMsgId(event), timeoutMs });
}
