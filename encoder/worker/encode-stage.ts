import { join } from "node:path";
import { playableEvent } from "../../shared/contracts/events.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { FfmpegError, packageVideo, planLadderForSource, type MediaInfo, type PackagedVideo } from "../media/index.js";
import { HLS_MASTER_NAME } from "../media/ladder-args.js";
import { LivePublisher, newRevision, startLease, type Lease, type Revision, type StoredManifest } from "../publish/index.js";
import type { SourceServer } from "../storage/index.js";
import { discardRevision, removeDeadRevisions } from "./revision-cleanup.js";
import { sourceFailure } from "./source-stage.js";
import type { JobRun } from "./job-context.js";
import { publishEvent } from "./publish-event.js";

const OUTPUT_DIR = "out";

export interface EncodedRevision {
  revision: Revision;
  packaged: PackagedVideo;
  /** Holds what is already stored; `finish` stores the rest. */
  publisher: LivePublisher;
  /** Announces the revision playable; the final manifests may be what first makes it so. */
  announcer: PlayableAnnouncer;
  /** Renewed until the revision is finished (its record stored) or given up. */
  lease: Lease;
}

/**
 * Plans the ladder and encodes it into a fresh revision folder, storing segments and growing manifests
 * as ffmpeg writes them. Once the first manifests and their segments are stored, the video is
 * announced playable and earlier, unfinished attempts' folders are removed.
 */
export async function encodeRenditions(run: JobRun, source: SourceServer, info: MediaInfo): Promise<EncodedRevision> {
  const plan = await planLadderForSource(source.url, info, run.deps.ladder, run.workDir, run.signal);
  const rungs = plan.rungs;
  const revision = newRevision();
  const outDir = join(run.workDir, OUTPUT_DIR);
  const log = run.log.child({ revision: revision.id });
  // Only the exit code: ffmpeg's own words name the source's URL, whose path is the key to the source.
  if (plan.checkFailed !== undefined) {
    const exitCode = plan.checkFailed instanceof FfmpegError ? plan.checkFailed.exitCode : null;
    log.warn("picture size check failed; every rung the frame fits", { exit_code: exitCode });
  }
  log.info("encoding", {
    rungs: rungs.map((r) => r.name),
    ...(plan.effectiveShortSide ? { picture_short_side: plan.effectiveShortSide } : {}),
  });
  run.progress.report("encode", 0);
  const started = performance.now();
  const announce = new PlayableAnnouncer(run, info, revision, started);
  const lease = startLease(run.deps.s3, run.deps.bucket, run.job.video_id, revision.id, run.deps.heartbeatMs, (err) =>
    log.warn("revision lease not renewed", { err }),
  );
  const storageFailed = new AbortController();
  const publisher = new LivePublisher({
    s3: run.deps.s3,
    bucket: run.deps.bucket,
    dir: outDir,
    keyPrefix: storageKeys.revisionPrefix(run.job.video_id, revision.id),
    hlsMasterName: HLS_MASTER_NAME,
    pollMs: run.deps.livePollMs,
    concurrency: run.deps.uploadConcurrency,
    signal: run.signal,
    onManifestStored: (m) => announce.stored(m),
  });
  let packaged: PackagedVideo;
  try {
    publisher.start((err) => storageFailed.abort(err));
    packaged = await packageVideo({
      source: source.url,
      outDir,
      info,
      rungs,
      utcTimingUrl: run.deps.utcTimingUrl,
      signal: AbortSignal.any([run.signal, storageFailed.signal]),
      onProgress: (fraction) => run.progress.report("encode", fraction),
      // Where the hops after the encode (the last uploads, the events) start, in the job's timeline.
      onLadderEncoded: () => log.info("ffmpeg done", { seconds: secondsSince(started) }),
    });
    // ffmpeg may have taken a read that storage cut off for the end of the file: not the whole video.
    if (source.storageError !== undefined) throw sourceFailure(source, null);
  } catch (err) {
    await publisher.stop();
    await announce.settled();
    await giveUp({ run, revision, lease });
    // A storage failure stopped ffmpeg: that, not the abort, is what went wrong.
    throw storageFailed.signal.aborted ? storageFailed.signal.reason : sourceFailure(source, err);
  }
  const wallSeconds = secondsSince(started);
  if (wallSeconds > 0 && info.durationSeconds > 0) run.deps.metrics.realtimeFactor.observe(info.durationSeconds / wallSeconds);
  log.info("encoded", { files: packaged.files.length, wallSeconds });
  return { revision, packaged, publisher, announcer: announce, lease };
}

/**
 * An attempt that stops unfinished (failed, handed back) removes its folder, so its growing manifest
 * does not stay behind looking live; the video shows the next attempt's, or its failure.
 */
export async function giveUp({ run, revision, lease }: { run: JobRun; revision: Revision; lease: Lease }): Promise<void> {
  await lease.stop();
  await discardRevision(run.deps, run.job.video_id, revision.id, run.log);
}

/**
 * Publishes `video.events.playable` once the DASH manifest and the HLS master (after its playlists) of
 * this revision are stored. A failed publish is retried at the next stored manifest; it never fails the
 * encode, which is still worth finishing.
 */
export class PlayableAnnouncer {
  private mpd = false;
  private master = false;
  private announced = false;
  private cleanup: Promise<void> = Promise.resolve();

  constructor(
    private readonly run: JobRun,
    private readonly info: MediaInfo,
    private readonly revision: Revision,
    private readonly startedMs: number,
  ) {}

  async stored(m: StoredManifest): Promise<void> {
    if (m.kind === "mpd") this.mpd = true;
    if (m.kind === "hls-master") this.master = true;
    if (this.announced || !this.mpd || !this.master) return;
    const id = this.run.job.video_id;
    const event = playableEvent.parse({
      video_id: id,
      revision: this.revision.id,
      started_at: this.revision.startedAt.toISOString(),
      duration_seconds: this.info.durationSeconds,
      width: this.info.width,
      height: this.info.height,
      keys: { manifest: storageKeys.manifest(id, this.revision.id), hls_master: storageKeys.hlsMaster(id, this.revision.id) },
      at: new Date().toISOString(),
      trace: this.run.trace,
    });
    try {
      await publishEvent(this.run.deps.js, "playable", event, {
        msgID: `${id}:playable:${this.revision.id}`,
        timeoutMs: this.run.deps.publishTimeoutMs,
      });
    } catch (err) {
      this.run.log.warn("playable event not published; trying again at the next manifest", { err });
      return;
    }
    this.announced = true;
    const seconds = secondsSince(this.startedMs);
    this.run.deps.metrics.timeToPlayable.observe(seconds);
    this.run.log.info("playable", { revision: this.revision.id, seconds });
    // In the background: the encode goes on while older attempts' folders are removed.
    this.cleanup = removeDeadRevisions(this.run.deps, this.run.job.video_id, this.revision.id, this.run.log);
  }

  /** Waits for the background cleanup; its errors are logged, never thrown. */
  settled(): Promise<void> {
    return this.cleanup;
  }
}

/** Seconds since `startMs` (a `performance.now()`), to the hundredth, as the logs give them. */
function secondsSince(startMs: number): number {
  return Math.round((performance.now() - startMs) / 10) / 100;
}
