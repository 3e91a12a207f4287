import type { ProgressEvent } from "../../shared/contracts/events.js";
import type { EncodeStage } from "../../shared/contracts/video-lifecycle.js";
import type { TraceContext } from "./publish-event.js";

/** The stages that report progress: the others take moments. */
export type ProgressStage = Extract<EncodeStage, "probe" | "encode" | "upload">;

/**
 * Each stage's share of the whole job, as [start, end] percent. Encoding dominates wall time (the source
 * is read from storage as ffmpeg goes, so there is no download first); segments are stored while encoding,
 * so the upload left at the end is the poster, the storyboard and the final manifests. 100 is only
 * reported once everything is uploaded, right before the encoded event.
 */
export const PROGRESS_SPAN: Record<ProgressStage, readonly [number, number]> = {
  probe: [0, 2],
  encode: [2, 97],
  upload: [97, 99],
};
const DONE_PERCENT = 100;
// Often enough for a progress bar to move, rare enough not to flood the events stream.
export const DEFAULT_PROGRESS_INTERVAL_MS = 2_000;

export interface ProgressReporterOptions {
  videoId: string;
  trace: TraceContext;
  /** Publishes one event; a failure is reported to `onError` and does not stop the job. */
  publish: (event: ProgressEvent) => Promise<unknown>;
  onError: (err: unknown) => void;
  intervalMs?: number;
  now?: () => number;
}

/**
 * Turns stage-local fractions into throttled, monotonic whole-job progress events. A stage change is
 * published at once, anything else at most every `intervalMs`. Publishes never queue up behind a
 * slow or unreachable NATS: while one is in flight only the newest pending event is kept.
 */
export class ProgressReporter {
  private stage: ProgressStage | undefined;
  private percent = 0;
  private lastPublishedAt = Number.NEGATIVE_INFINITY;
  private pending: ProgressEvent | undefined;
  private pumping: Promise<void> | undefined;
  private closed = false;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: ProgressReporterOptions) {
    this.intervalMs = opts.intervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
    this.now = opts.now ?? Date.now;
  }

  /** `fraction` (0..1) of `stage` is done. */
  report(stage: ProgressStage, fraction: number): void {
    if (this.closed) return;
    const [start, end] = PROGRESS_SPAN[stage];
    const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
    const percent = Math.max(this.percent, Math.floor(start + (end - start) * clamped));
    const stageChanged = stage !== this.stage;
    if (!stageChanged && (percent === this.percent || this.now() - this.lastPublishedAt < this.intervalMs)) return;
    this.stage = stage;
    this.percent = percent;
    this.enqueue(stage, percent);
  }

  /** Publishes 100 % and waits until it (and anything before it) was attempted. */
  async complete(): Promise<void> {
    this.percent = DONE_PERCENT;
    this.enqueue(this.stage ?? "upload", DONE_PERCENT);
    await this.pumping;
  }

  /** Drops what is not yet sent and ignores later reports: after a failure, progress would only mislead. */
  close(): void {
    this.closed = true;
    this.pending = undefined;
  }

  private enqueue(stage: ProgressStage, percent: number): void {
    this.lastPublishedAt = this.now();
    this.pending = { video_id: this.opts.videoId, stage, percent, at: new Date().toISOString(), trace: this.opts.trace };
    this.pumping ??= this.pump();
  }

  private async pump(): Promise<void> {
    for (let event = this.pending; event; event = this.pending) {
      this.pending = undefined;
      await this.opts.publish(event).catch(this.opts.onError);
    }
    this.pumping = undefined;
  }
}
