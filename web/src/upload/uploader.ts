import type { VideoView } from "../../../shared/contracts/uploads.js";
import type { Visibility } from "../../../shared/contracts/visibility.js";
import { ApiError, unwrap, type ApiClient } from "../api.js";
import { bytesAlreadySent, completionParts, partRanges, partsToSend, type PartRange } from "./parts.js";
import { putBlob, TransferError } from "./put.js";
import { RateMeter } from "./rate.js";
import type { ResumeRecord, ResumeStore } from "./resume-store.js";

type Instructions =
  | { method: "PUT"; url: string; headers: Record<string, string>; expires_at: string }
  | { method: "multipart"; upload_id: string; part_size: number; parts: { part_number: number; url: string }[]; expires_at: string };

export type Phase = "starting" | "uploading" | "offline" | "completing" | "done" | "interrupted" | "cancelled" | "failed";

export interface UploadState {
  phase: Phase;
  sent: number;
  total: number;
  bytesPerSecond: number | null;
  secondsLeft: number | null;
  message: string;
  video: VideoView | null;
}

export interface UploadDeps {
  api: ApiClient;
  store: ResumeStore;
  ownerId: string;
  put?: typeof putBlob;
  /** Parts sent at once. */
  concurrency?: number;
  /** Waits before retrying a failed part; their number is the number of retries. */
  retryDelaysMs?: number[];
}

export interface NewUpload {
  title: string;
  description: string;
  visibility: Visibility;
  /** As typed; the API normalises them. Absent in uploads saved before tags existed. */
  tags?: string[];
  contentType: string;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

const waitForNetwork = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (navigator.onLine || signal.aborted) return resolve();
    const done = () => (window.removeEventListener("online", done), resolve());
    window.addEventListener("online", done);
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * One file's way into storage: create the upload (or ask for fresh URLs to resume one), send the bytes
 * (several multipart parts at once, each retried, each ETag recorded as soon as it is stored), complete.
 * A part that keeps failing interrupts the upload after the parts in flight have landed; `start()` again,
 * or after a reload a new Upload from the stored record, sends only the parts still missing.
 */
export class Upload {
  state: UploadState;
  private record: ResumeRecord | null;
  private controller = new AbortController();
  private readonly meter = new RateMeter();
  private readonly listeners = new Set<(state: UploadState) => void>();
  private urls = new Map<number, string>();
  private running = false;

  constructor(
    readonly file: File,
    private readonly intent: NewUpload | { resume: ResumeRecord },
    private readonly deps: UploadDeps,
  ) {
    this.record = "resume" in intent ? intent.resume : null;
    this.state = { phase: "starting", sent: 0, total: file.size, bytesPerSecond: null, secondsLeft: null, message: "", video: null };
  }

  get videoId(): string | null {
    return this.record?.videoId ?? null;
  }

  get title(): string {
    return "resume" in this.intent ? this.intent.resume.title : this.intent.title;
  }

  onChange(listener: (state: UploadState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(patch: Partial<UploadState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  private progress(sent: number) {
    this.meter.sample(sent);
    this.update({ sent, bytesPerSecond: this.meter.bytesPerSecond(), secondsLeft: this.meter.secondsLeft(this.file.size - sent) });
  }

  /** Runs (or re-runs, after an interruption) until done, interrupted, cancelled or failed. */
  async start(): Promise<void> {
    if (this.running || ["done", "cancelled"].includes(this.state.phase)) return;
    this.running = true;
    this.controller = new AbortController();
    this.meter.reset();
    this.update({ phase: "starting", message: "" });
    try {
      const instructions = await this.instructions();
      if (!instructions) return;
      this.update({ phase: "uploading", message: "" });
      if (instructions.method === "PUT") await this.sendWhole(instructions);
      else await this.sendParts(instructions);
      if (this.controller.signal.aborted) return;
      await this.complete();
    } catch (error) {
      if (this.controller.signal.aborted) return;
      if (error instanceof TransferError || (error instanceof ApiError && error.status === 0)) {
        const why =
          error instanceof TransferError && error.kind === "http" ? `storage refused a part (HTTP ${error.status})` : "a network error";
        this.update({
          phase: "interrupted",
          message: `The upload was interrupted by ${why}. Parts already sent are kept: resume to send the rest.`,
        });
      } else {
        this.update({ phase: "failed", message: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      this.running = false;
    }
  }

  /** Gives up: stops the transfer, and removes the upload (DELETE /uploads/:id) and its resume record. */
  async cancel(): Promise<void> {
    this.controller.abort();
    this.update({ phase: "cancelled", message: "Cancelled." });
    const id = this.videoId;
    if (!id) return;
    this.deps.store.remove(id);
    await unwrap(this.deps.api.DELETE("/uploads/{id}", { params: { path: { id } } })).catch(() => undefined);
  }

  /** New: POST /uploads and a resume record. Resumed: fresh URLs for the same upload. */
  private async instructions(): Promise<Instructions | null> {
    const signal = this.controller.signal;
    if (!this.record) {
      const intent = this.intent as NewUpload;
      const { video, upload } = await unwrap(
        this.deps.api.POST("/uploads", {
          signal,
          body: {
            title: intent.title,
            description: intent.description,
            visibility: intent.visibility,
            tags: intent.tags ?? [],
            filename: this.file.name,
            content_type: intent.contentType,
            size_bytes: this.file.size,
          },
        }),
      );
      this.record = {
        videoId: video.id,
        ownerId: this.deps.ownerId,
        title: video.title,
        file: { name: this.file.name, size: this.file.size, lastModified: this.file.lastModified, type: intent.contentType },
        method: upload.method,
        uploadId: upload.method === "multipart" ? upload.upload_id : null,
        partSize: upload.method === "multipart" ? upload.part_size : null,
        parts: {},
        createdAt: new Date().toISOString(),
      };
      this.deps.store.save(this.record);
      this.update({ video });
      return upload;
    }
    try {
      const { video, upload } = await unwrap(
        this.deps.api.POST("/uploads/{id}/resume", { params: { path: { id: this.record.videoId } }, signal }),
      );
      this.update({ video });
      return upload;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Completed already (the page went away between completion and forgetting the record).
        this.deps.store.remove(this.record.videoId);
        this.update({ phase: "done", sent: this.file.size, message: "This upload was already complete." });
        return null;
      }
      if (error instanceof ApiError && error.status === 404) {
        this.deps.store.remove(this.record.videoId);
        this.update({ phase: "failed", message: "This upload no longer exists: it was cancelled or deleted." });
        return null;
      }
      throw error;
    }
  }

  private async sendWhole(upload: Extract<Instructions, { method: "PUT" }>) {
    let url = upload.url;
    await this.withRetries(
      () => this.put(url, this.file, upload.headers, (loaded) => this.progress(loaded)),
      async () => {
        const fresh = await this.instructions();
        if (fresh?.method === "PUT") url = fresh.url;
      },
    );
  }

  private async sendParts(upload: Extract<Instructions, { method: "multipart" }>) {
    const record = this.record!;
    this.urls = new Map(upload.parts.map((p) => [p.part_number, p.url]));
    const ranges = partRanges(this.file.size, upload.part_size);
    const queue = partsToSend(ranges, record.parts);
    const inFlight = new Map<number, number>();
    const report = () => this.progress(bytesAlreadySent(ranges, record.parts) + [...inFlight.values()].reduce((a, b) => a + b, 0));
    report();
    let failure: unknown = null;

    const sendPart = async (range: PartRange) => {
      const { etag } = await this.withRetries(
        () =>
          this.put(
            this.urls.get(range.partNumber)!,
            this.file.slice(range.start, range.end),
            {},
            (loaded) => (inFlight.set(range.partNumber, loaded), report()),
          ),
        () => this.refreshUrls(),
      );
      if (!etag) throw new Error("Storage did not expose the part's ETag (its CORS rules must expose ETag).");
      record.parts[range.partNumber] = etag;
      this.deps.store.partSent(record.videoId, range.partNumber, etag);
      inFlight.delete(range.partNumber);
      report();
    };

    // A few workers take parts from the queue; after a failure they finish the part in hand and stop.
    const worker = async () => {
      for (let range = queue.shift(); range && failure === null && !this.controller.signal.aborted; range = queue.shift()) {
        try {
          await sendPart(range);
        } catch (error) {
          inFlight.delete(range.partNumber);
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.concurrency ?? 4, queue.length) }, worker));
    if (failure !== null) throw failure;
  }

  private renewing: Promise<void> | null = null;

  /** Parts that find their URL expired at the same time share one request for fresh URLs. */
  private refreshUrls(): Promise<void> {
    this.renewing ??= this.instructions()
      .then((fresh) => {
        if (fresh?.method === "multipart") this.urls = new Map(fresh.parts.map((p) => [p.part_number, p.url]));
      })
      .finally(() => (this.renewing = null));
    return this.renewing;
  }

  private put(url: string, body: Blob, headers: Record<string, string>, onProgress: (loaded: number) => void) {
    return (this.deps.put ?? putBlob)(url, body, { headers, onProgress, signal: this.controller.signal });
  }

  /** Retries network errors and 5xx with growing waits; waits for the network while offline; renews expired URLs once. */
  private async withRetries<T>(attempt: () => Promise<T>, renewUrls: () => Promise<void>): Promise<T> {
    const delays = this.deps.retryDelaysMs ?? [1_000, 3_000, 10_000];
    let retries = 0;
    let renewed = false;
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof TransferError) || this.controller.signal.aborted) throw error;
        if (error.expired && !renewed) {
          renewed = true;
          await renewUrls();
          continue;
        }
        if (!error.retryable) throw error;
        if (!navigator.onLine) {
          // Time offline does not count against the retries.
          this.update({ phase: "offline", message: "Waiting for the network…" });
          await waitForNetwork(this.controller.signal);
          this.update({ phase: "uploading", message: "" });
          continue;
        }
        if (retries >= delays.length) throw error;
        await sleep(delays[retries++]!, this.controller.signal);
      }
    }
  }

  private async complete() {
    const record = this.record!;
    this.update({ phase: "completing", sent: this.file.size, secondsLeft: 0 });
    const parts = record.method === "multipart" ? completionParts(partRanges(this.file.size, record.partSize!), record.parts) : undefined;
    const { video } = await unwrap(
      this.deps.api.POST("/uploads/{id}/complete", {
        params: { path: { id: record.videoId } },
        body: parts ? { parts } : {},
        signal: this.controller.signal,
      }),
    );
    this.deps.store.remove(record.videoId);
    this.update({ phase: "done", video, message: "Uploaded. Encoding starts shortly." });
  }
}
