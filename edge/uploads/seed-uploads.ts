import type { SeedWebhookBody, VideoView } from "../../shared/contracts/uploads.js";
import { invalid, rateLimited } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { storageKeys } from "../../shared/storage-keys.js";
import type { EdgePorts } from "../ports/index.js";
import { reserveVideo } from "./reserve-video.js";
import { completeUpload } from "./direct-uploads.js";

/**
 * The seed's two-step upload, on the same machinery as /uploads: its clients know neither the size nor
 * the type up front, so the URL is unbound and the completion checks the stored object instead.
 * The thumbnail shares the video's id (ids are opaque to clients).
 */
export async function seedPresign(p: EdgePorts, ownerId: string) {
  const id = newId("vid");
  const reserved = await reserveVideo(p, {
    id,
    ownerId,
    title: "Untitled upload",
    description: "",
    visibility: "public",
    sourceKey: storageKeys.source(id),
    sizeBytes: null,
    contentType: null,
    originalFilename: null,
    multipartUploadId: null,
    partSizeBytes: null,
    tags: [],
    language: null,
  });
  if (!reserved) throw rateLimited(Math.min(p.config.UPLOAD_URL_TTL_SECONDS, 3_600));
  const expiresInSeconds = p.config.UPLOAD_URL_TTL_SECONDS;
  const [video, thumbnail] = await Promise.all([
    p.storage.presignPut(storageKeys.source(id), { expiresInSeconds }),
    p.storage.presignPut(storageKeys.thumbnail(id), { expiresInSeconds }),
  ]);
  return { video_id: id, thumbnail_id: id, video_url: video.url, thumbnail_url: thumbnail.url };
}

export async function seedWebhook(p: EdgePorts, ownerId: string, body: SeedWebhookBody, trace: Record<string, string>): Promise<VideoView> {
  if (body.thumbnail_id !== body.video_id) {
    throw invalid({
      video_id: [],
      thumbnail_id: ["The thumbnail_id does not belong to this video."],
      title: [],
      description: [],
      tags: [],
      language: [],
    });
  }
  return completeUpload(p, ownerId, body.video_id, {}, trace, {
    title: body.title,
    description: body.description,
    tags: body.tags,
    language: body.language,
  });
}
