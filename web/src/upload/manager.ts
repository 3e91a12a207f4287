import { api, unwrap } from "../api.js";
import { ResumeStore, type ResumeRecord } from "./resume-store.js";
import { Upload, type NewUpload } from "./uploader.js";

/**
 * The uploads of this page load: they keep running while the person browses other pages, and the
 * upload page shows them again when it comes back.
 */
export const resumeStore = new ResumeStore(localStorage);
const uploads: Upload[] = [];
const listeners = new Set<() => void>();

export const activeUploads = (): readonly Upload[] => uploads;

export function onUploadsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function add(upload: Upload): Upload {
  uploads.unshift(upload);
  for (const listener of listeners) listener();
  void upload.start();
  return upload;
}

export const startUpload = (file: File, intent: NewUpload, ownerId: string) =>
  add(new Upload(file, intent, { api, store: resumeStore, ownerId }));

export const resumeUpload = (file: File, record: ResumeRecord) =>
  add(new Upload(file, { resume: record }, { api, store: resumeStore, ownerId: record.ownerId }));

/** Stored records of this user that no upload of this page load is already working on. */
export const resumableUploads = (ownerId: string) => resumeStore.list(ownerId).filter((r) => !uploads.some((u) => u.videoId === r.videoId));

/** Gives up an upload known only from its record (after a reload): DELETE /uploads/:id, forget it. */
export async function discardUpload(record: ResumeRecord): Promise<void> {
  await unwrap(api.DELETE("/uploads/{id}", { params: { path: { id: record.videoId } } })).catch(() => undefined);
  resumeStore.remove(record.videoId);
  for (const listener of listeners) listener();
}
