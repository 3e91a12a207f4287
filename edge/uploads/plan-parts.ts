const MiB = 1024 * 1024;
/** S3 allows at most 10,000 parts per upload. */
export const MAX_PARTS = 10_000;

/** Part size and count for a multipart upload: the configured size, grown in whole MiB for huge files. */
export function planParts(sizeBytes: number, preferredPartBytes: number): { partSize: number; partCount: number } {
  const minimum = Math.ceil(sizeBytes / MAX_PARTS / MiB) * MiB;
  const partSize = Math.max(preferredPartBytes, minimum);
  return { partSize, partCount: Math.ceil(sizeBytes / partSize) };
}
