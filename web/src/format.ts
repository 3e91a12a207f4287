import type { VideoStatus } from "../../shared/contracts/video-lifecycle.js";
import type { Visibility } from "../../shared/contracts/visibility.js";

/** Human words for numbers and states: durations, sizes, speeds, video statuses. */

// The Record keeps this list complete.
export const VISIBILITY_LABELS: Record<Visibility, string> = {
  private: "Private: only you",
  unlisted: "Unlisted: anyone with the link",
  public: "Public: listed on Browse",
};
export const visibilityOptions = () => Object.entries(VISIBILITY_LABELS).map(([value, label]) => ({ value, label }));

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

const UNITS = ["B", "KB", "MB", "GB", "TB"];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export const formatSpeed = (bytesPerSecond: number) => `${formatBytes(bytesPerSecond)}/s`;

/** "about 3 min left"; empty when there is nothing sensible to say yet. */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "";
  if (seconds < 1) return "almost done";
  if (seconds < 60) return `${Math.ceil(seconds)} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  return new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** A video's status in words, with its encode progress and error. */
export function statusText(video: { status: VideoStatus; progress: number; error?: string | null }): string {
  switch (video.status) {
    case "awaiting_upload":
      return "Waiting for the upload to finish";
    case "queued":
      return "Queued for encoding";
    case "processing":
      return `Encoding… ${Math.round(video.progress)} %`;
    case "ready":
      return "Ready";
    case "failed":
      return video.error ? `Failed: ${video.error}` : "Failed: the video could not be encoded.";
    case "deleted":
      return "Deleted";
  }
}

export const isInProgress = (status: VideoStatus) => status === "queued" || status === "processing";
