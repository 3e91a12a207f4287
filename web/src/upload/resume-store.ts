/**
 * What survives a reload: for each unfinished upload, its video, the multipart upload id, the part size
 * and the ETag of every part already stored. The bytes do not survive: the person picks the same file
 * again (matched by name, size and last modification), and only the missing parts are sent. URLs are
 * not kept: they expire after an hour, so a resumed upload asks POST /uploads/:id/resume for fresh ones.
 */
export interface FileIdentity {
  name: string;
  size: number;
  lastModified: number;
}

export interface ResumeRecord {
  videoId: string;
  ownerId: string;
  title: string;
  file: FileIdentity & { type: string };
  method: "PUT" | "multipart";
  uploadId: string | null;
  partSize: number | null;
  /** part number -> ETag */
  parts: Record<string, string>;
  createdAt: string;
}

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

const PREFIX = "vod.upload.";

export const sameFile = (a: FileIdentity, b: FileIdentity) => a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

export class ResumeStore {
  constructor(private readonly storage: KeyValueStore) {}

  save(record: ResumeRecord): void {
    try {
      this.storage.setItem(PREFIX + record.videoId, JSON.stringify(record));
    } catch {
      // Storage full or disabled: the upload still runs, it just cannot be resumed after a reload.
    }
  }

  get(videoId: string): ResumeRecord | null {
    const text = this.storage.getItem(PREFIX + videoId);
    if (!text) return null;
    try {
      const record = JSON.parse(text) as ResumeRecord;
      return typeof record.videoId === "string" && typeof record.parts === "object" ? record : null;
    } catch {
      return null;
    }
  }

  /** Unfinished uploads of one user, oldest first. */
  list(ownerId: string): ResumeRecord[] {
    const records: ResumeRecord[] = [];
    for (let i = 0; i < this.storage.length; i += 1) {
      const key = this.storage.key(i);
      if (!key?.startsWith(PREFIX)) continue;
      const record = this.get(key.slice(PREFIX.length));
      if (record?.ownerId === ownerId) records.push(record);
    }
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Records one stored part at once, so a reload a moment later does not send it again. */
  partSent(videoId: string, partNumber: number, etag: string): void {
    const record = this.get(videoId);
    if (!record) return;
    record.parts[partNumber] = etag;
    this.save(record);
  }

  remove(videoId: string): void {
    this.storage.removeItem(PREFIX + videoId);
  }
}
