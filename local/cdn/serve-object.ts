import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, HeadObjectCommand, S3ServiceException, type S3Client } from "@aws-sdk/client-s3";

export interface ObjectSource {
  s3: S3Client;
  bucket: string;
}

/** What became of a request that reached the origin. */
export type OriginAnswer =
  { kind: "served"; status: number } | { kind: "not_found" } | { kind: "unsatisfiable_range" } | { kind: "failed"; err: unknown };

const HTTP_NOT_FOUND = 404;
const HTTP_RANGE_NOT_SATISFIABLE = 416;
const HTTP_OK = 200;

interface StoredObjectHeaders {
  ContentType?: string;
  ContentLength?: number;
  ContentRange?: string;
  ETag?: string;
  LastModified?: Date;
  CacheControl?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
}

/**
 * Streams an object from S3 to the viewer, or sends its headers for HEAD, with the metadata stored with
 * it. The viewer's Range goes to S3 as is, so S3 decides what is satisfiable and answers 206 itself.
 * Sends nothing on a miss or failure: the caller answers those, the way the CDN would.
 */
export async function serveObject(
  source: ObjectSource,
  key: string,
  req: IncomingMessage,
  res: ServerResponse,
  extraHeaders: Record<string, string>,
): Promise<OriginAnswer> {
  const input = { Bucket: source.bucket, Key: key, Range: req.headers.range };
  // A viewer that goes away (a player seeking) should not keep the S3 download running.
  const abort = new AbortController();
  res.once("close", () => abort.abort());
  try {
    const out =
      req.method === "HEAD"
        ? await source.s3.send(new HeadObjectCommand(input), { abortSignal: abort.signal })
        : await source.s3.send(new GetObjectCommand(input), { abortSignal: abort.signal });
    const status = out.$metadata.httpStatusCode ?? HTTP_OK;
    res.writeHead(status, { ...extraHeaders, ...objectHeaders(out) });
    const body = "Body" in out ? out.Body : undefined;
    if (body instanceof Readable) await pipeline(body, res);
    else res.end();
    return { kind: "served", status };
  } catch (err) {
    if (abort.signal.aborted) return { kind: "served", status: res.statusCode };
    const status = err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
    if (status === HTTP_NOT_FOUND) return { kind: "not_found" };
    if (status === HTTP_RANGE_NOT_SATISFIABLE) return { kind: "unsatisfiable_range" };
    return { kind: "failed", err };
  }
}

function objectHeaders(o: StoredObjectHeaders): Record<string, string> {
  const headers: Record<string, string> = { "accept-ranges": "bytes" };
  if (o.ContentType) headers["content-type"] = o.ContentType;
  if (o.ContentLength !== undefined) headers["content-length"] = String(o.ContentLength);
  if (o.ContentRange) headers["content-range"] = o.ContentRange;
  if (o.ETag) headers.etag = o.ETag;
  if (o.LastModified) headers["last-modified"] = o.LastModified.toUTCString();
  if (o.CacheControl) headers["cache-control"] = o.CacheControl;
  if (o.ContentEncoding) headers["content-encoding"] = o.ContentEncoding;
  // Downloads are stored with theirs (`attachment; filename=…`), as CloudFront passes S3's on.
  if (o.ContentDisposition) headers["content-disposition"] = o.ContentDisposition;
  return headers;
}
