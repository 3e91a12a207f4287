import { and, eq, ne, sql } from "drizzle-orm";
import type { DownloadJob, DownloadView } from "../../shared/contracts/downloads.js";
import { downloads, videos, type VideoRow } from "../../shared/db/schema.js";
import { queueJob } from "../../shared/db/video-moves.js";
import { AppError, invalid, notFound } from "../../shared/errors.js";
import { downloadFilename } from "../../shared/http/content-disposition.js";
import { SUBJECTS } from "../../shared/messaging/topology.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { videoGrant } from "../playback/index.js";
import type { EdgePorts } from "../ports/index.js";
import { readVideoFile } from "../videos/index.js";
import { downloadOptions, type DownloadOption } from "./download-options.js";

/**
 * A request whose file has not appeared this long after its job was queued queues it again: the job was
 * lost or given up on. Longer than a remux of hours of video takes (segments are copied, never encoded).
 */
export const REQUEUE_AFTER_SECONDS = 600;

/** A ready video this caller may download, with what it offers. */
export interface Downloadable {
  video: VideoRow & { outputs: { revision: string } };
  options: DownloadOption[];
}

/**
 * The owner may always download; anyone else only a video they can see (public, unlisted) whose owner
 * allows it. A video they cannot see does not exist for them (404); one they see but may not download is
 * a 403, so the page can say why. Only a finished revision is offered: its manifest and segments are final.
 */
export async function downloadableVideo(p: EdgePorts, id: string, viewerId: string | undefined): Promise<Downloadable> {
  const [video] = await p.db
    .select()
    .from(videos)
    .where(and(eq(videos.id, id), ne(videos.status, "deleted")));
  if (!video) throw notFound();
  const isOwner = video.ownerId === viewerId;
  if (!isOwner && video.visibility === "private") throw notFound();
  if (!isOwner && !video.downloadable) throw new AppError("forbidden", "The owner does not allow downloads of this video.");
  const revision = video.outputs?.revision;
  if (video.status !== "ready" || !revision) {
    throw new AppError("conflict", "This video can be downloaded once it has finished encoding.");
  }
  const options = downloadOptions(await readVideoFile(p.storage, video, "manifest.mpd"));
  return { video: { ...video, outputs: { ...video.outputs, revision } }, options };
}

export function chosenOption({ options }: Downloadable, rendition: string): DownloadOption {
  const option = options.find((o) => o.rendition === rendition);
  if (!option) throw invalid({ rendition: [`The rendition must be one of: ${options.map((o) => o.rendition).join(", ")}.`] });
  return option;
}

const keyOf = ({ video }: Downloadable, option: DownloadOption) => storageKeys.download(video.id, video.outputs.revision, option.file);

/** What the `downloads` row of one rendition says: asked for, and why its latest request failed if it did. */
export interface Requested {
  failureReason: string | null;
}

/**
 * The option as the caller sees it now: its file signed when stored (whatever an older request said), else
 * failed with the reason when its latest request could not be made, else whether it is being made.
 */
export async function downloadState(
  p: EdgePorts,
  d: Downloadable,
  option: DownloadOption,
  requested: Requested | undefined,
): Promise<DownloadView> {
  const base = { rendition: option.rendition, kind: option.kind };
  if (requested && (await p.storage.head(keyOf(d, option)))) {
    const grant = videoGrant(p, d.video.id);
    return {
      ...base,
      status: "ready",
      url: grant.url(`${d.video.outputs.revision}/downloads/${option.file}`),
      expires_at: grant.expiresAt.toISOString(),
      reason: null,
    };
  }
  if (requested?.failureReason) return { ...base, status: "failed", url: null, expires_at: null, reason: requested.failureReason };
  return { ...base, status: requested ? "preparing" : "available", url: null, expires_at: null, reason: null };
}

/** Renditions of this revision someone asked for already, each with how its latest request ended. */
export async function requestedRenditions(p: EdgePorts, d: Downloadable): Promise<Map<string, Requested>> {
  const rows = await p.db
    .select({ rendition: downloads.rendition, failureReason: downloads.failureReason })
    .from(downloads)
    .where(and(eq(downloads.videoId, d.video.id), eq(downloads.revision, d.video.outputs.revision)));
  return new Map(rows.map((r) => [r.rendition, { failureReason: r.failureReason }]));
}

/**
 * Served from storage when the file exists. Otherwise the remux is queued by whoever inserts the
 * (video, revision, rendition) row, in the same statement as its outbox row: of two requests at once
 * one inserts and queues, the other waits on the row's lock and queues nothing. A row whose job is
 * REQUEUE_AFTER_SECONDS old and still has no file is claimed again the same way. A row whose latest
 * request failed is answered as failed, unless the caller asks to `retry`: then it is claimed again too
 * (its failure cleared). So only a viewer's "try again" makes a failed file anew, never a client's poll.
 */
export async function requestDownload(
  p: EdgePorts,
  d: Downloadable,
  option: DownloadOption,
  { retry, trace }: { retry: boolean; trace: Record<string, string> },
): Promise<DownloadView> {
  const known = retry ? { failureReason: null } : (await requestedRenditions(p, d)).get(option.rendition);
  const current = await downloadState(p, d, option, known ?? { failureReason: null });
  if (current.status === "ready" || current.status === "failed") return current;
  const now = p.clock();
  const { video } = d;
  const job: DownloadJob = {
    video_id: video.id,
    revision: video.outputs.revision,
    rendition: option.rendition,
    video_representation: option.videoRepresentation,
    audio_representation: option.audioRepresentation,
    key: keyOf(d, option),
    filename: downloadFilename(video.title, option.kind === "audio" ? "m4a" : "mp4"),
    requested_at: now.toISOString(),
    trace,
  };
  const stale = new Date(now.getTime() - REQUEUE_AFTER_SECONDS * 1000).toISOString();
  await p.db.execute(sql`with claimed as (
      insert into downloads (video_id, revision, rendition, requested_at)
      values (${video.id}, ${video.outputs.revision}, ${option.rendition}, ${now.toISOString()})
      on conflict (video_id, revision, rendition) do update
        set requested_at = excluded.requested_at, failed_at = null, failure_code = null, failure_reason = null
        where case when downloads.failed_at is null then downloads.requested_at < ${stale}::timestamptz else ${retry}::boolean end
      returning 1)
    ${queueJob({ subject: SUBJECTS.download, payload: job }, sql`claimed`)}`);
  return { rendition: option.rendition, kind: option.kind, status: "preparing", url: null, expires_at: null, reason: null };
}
