/**
 * What the edge needs from object storage. Presigned URLs let browsers send bytes straight to the
 * bucket; the edge only signs, checks and completes uploads, and reads manifests to rewrite them.
 */
export interface StoredObject {
  sizeBytes: number;
  contentType: string | null;
}

export interface ObjectStorage {
  /** A PUT URL bound to this content type and length, plus the headers the client must send. */
  presignPut(
    key: string,
    opts: { contentType?: string; contentLength?: number; expiresInSeconds: number },
  ): Promise<{ url: string; headers: Record<string, string> }>;
  createMultipart(key: string, contentType: string): Promise<string>;
  presignPart(key: string, uploadId: string, partNumber: number, expiresInSeconds: number): Promise<string>;
  /** Throws `StorageError` "invalid_parts" when the parts list does not match what was uploaded. */
  completeMultipart(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
  head(key: string): Promise<StoredObject | null>;
  deleteObject(key: string): Promise<void>;
  /** A small text object (a manifest), or null when it does not exist. */
  getText(key: string): Promise<string | null>;
  /** Stores a small text object whole (a caption file the edge validated). */
  putText(key: string, body: string, opts: { contentType: string; cacheControl: string }): Promise<void>;
}

export class StorageError extends Error {
  constructor(
    readonly reason: "invalid_parts" | "no_such_upload" | "unavailable",
    message: string,
  ) {
    super(message);
    this.name = "StorageError";
  }
}
