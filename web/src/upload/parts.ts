/** The byte ranges of a multipart upload, and which of them are still to be sent. */
export interface PartRange {
  partNumber: number;
  start: number;
  /** Exclusive. */
  end: number;
}

/** Part n covers [(n-1)·partSize, n·partSize), the last one what remains; S3 numbers parts from 1. */
export function partRanges(size: number, partSize: number): PartRange[] {
  if (!(partSize > 0)) throw new Error("partSize must be positive");
  const count = Math.ceil(size / partSize);
  return Array.from({ length: count }, (_, i) => ({ partNumber: i + 1, start: i * partSize, end: Math.min(size, (i + 1) * partSize) }));
}

/** Parts with no ETag recorded yet: after a failure or a reload, only these are sent. */
export const partsToSend = (ranges: PartRange[], sent: Record<string, string>) => ranges.filter((r) => !sent[r.partNumber]);

export const bytesAlreadySent = (ranges: PartRange[], sent: Record<string, string>) =>
  ranges.reduce((total, r) => total + (sent[r.partNumber] ? r.end - r.start : 0), 0);

/** The body of POST /uploads/:id/complete, in part order. */
export function completionParts(ranges: PartRange[], sent: Record<string, string>): { part_number: number; etag: string }[] {
  return ranges.map((r) => {
    const etag = sent[r.partNumber];
    if (!etag) throw new Error(`part ${r.partNumber} has not been sent`);
    return { part_number: r.partNumber, etag };
  });
}
