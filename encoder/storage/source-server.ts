import { GetObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { once } from "node:events";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";

export interface ServeSourceOptions {
  bucket: string;
  key: string;
  /** The wait before the first resumed read, growing with each; default RESUME_DELAY_MS. */
  resumeDelayMs?: number;
}

/** One stored object, readable by ffmpeg and ffprobe over plain HTTP with byte ranges. */
export interface SourceServer {
  /** `http://127.0.0.1:<port>/<random>`: no credentials in it, nothing else served. */
  url: string;
  sizeBytes: number;
  /** The first error storage gave while serving a read, if any: a failed read is storage's fault, not the file's. */
  readonly storageError: unknown;
  close(): Promise<void>;
}

const RANGE = /^bytes=(\d*)-(\d*)$/;
const RESUMES = 3;
const RESUME_DELAY_MS = 200;

/** An answer from storage that another try would get again: 4xx (missing, replaced, forbidden). */
function isFinalAnswer(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500;
}

/**
 * Serves the job's source from storage to the local ffmpeg and ffprobe, range by range, instead of
 * downloading it first: the encode starts as soon as the first bytes arrive, whatever the file's size.
 * Each read is a ranged GetObject pinned to the ETag seen at start, so a replaced object fails the read
 * rather than mixing two files; a read storage breaks off is resumed where it stopped, a few times, so
 * a connection reset in a long encode costs nothing. Rejects (with the SDK's error) when the object is
 * not there.
 */
export async function serveSource(s3: S3Client, opts: ServeSourceOptions): Promise<SourceServer> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: opts.bucket, Key: opts.key }));
  const size = head.ContentLength ?? 0;
  const path = `/${randomBytes(16).toString("hex")}`;
  let storageError: unknown;

  const server = createServer((req, res) => {
    void answer(req, res).catch((err: unknown) => {
      storageError ??= err;
      if (!res.headersSent) {
        res.writeHead(502).end();
      } else {
        res.destroy();
      }
    });
  });

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url !== path || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404).end();
      return;
    }
    const range = byteRange(req.headers.range, size);
    if (range === "unsatisfiable") {
      res.writeHead(416, { "Content-Range": `bytes */${size}` }).end();
      return;
    }
    const [first, last] = range ?? [0, size - 1];
    const headers = { "Accept-Ranges": "bytes", "Content-Length": String(last - first + 1), "Content-Type": "application/octet-stream" };
    if (req.method === "HEAD" || size === 0) {
      res.writeHead(range ? 206 : 200, range ? { ...headers, "Content-Range": `bytes ${first}-${last}/${size}` } : headers).end();
      return;
    }
    // ffmpeg drops a connection when it seeks: the storage read stops with it.
    const stop = new AbortController();
    res.once("close", () => stop.abort());
    // Headers go out once storage has answered the first read: a refusal then is a 502, not a cut body.
    const begin = () =>
      res.writeHead(range ? 206 : 200, range ? { ...headers, "Content-Range": `bytes ${first}-${last}/${size}` } : headers);
    try {
      await streamRange(first, last, res, begin, stop.signal);
      res.end();
    } catch (err) {
      // The reader left (a seek, or ffmpeg stopping): not a storage failure.
      if (stop.signal.aborted) return;
      throw err;
    }
  }

  /**
   * Writes bytes `first`..`last` to `res`. A storage read that breaks off (a connection reset on a long,
   * slowly read range) is resumed where it stopped, up to RESUMES times: the reader sees one unbroken body.
   */
  async function streamRange(first: number, last: number, res: ServerResponse, begin: () => void, signal: AbortSignal): Promise<void> {
    let next = first;
    for (let resumes = 0; ; resumes++) {
      try {
        const object = await s3.send(
          new GetObjectCommand({ Bucket: opts.bucket, Key: opts.key, Range: `bytes=${next}-${last}`, IfMatch: head.ETag }),
          { abortSignal: signal },
        );
        if (!(object.Body instanceof Readable)) throw new Error("GetObject did not return a Node stream");
        if (!res.headersSent) begin();
        for await (const chunk of object.Body as AsyncIterable<Buffer>) {
          next += chunk.length;
          if (!res.write(chunk)) await once(res, "drain", { signal });
        }
        if (next !== last + 1) throw new Error(`storage ended the range after ${next - first} of ${last - first + 1} bytes`);
        return;
      } catch (err) {
        // Gone, replaced, refused: asking again gives the same answer. So does a reader that left.
        if (signal.aborted || resumes >= RESUMES || isFinalAnswer(err)) throw err;
        await sleep((opts.resumeDelayMs ?? RESUME_DELAY_MS) * (resumes + 1), undefined, { signal });
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    sizeBytes: size,
    get storageError() {
      return storageError;
    },
    close: () => closeServer(server),
  };
}

/** The inclusive byte range a `Range` header asks for; null for the whole object. */
function byteRange(header: string | undefined, size: number): [number, number] | null | "unsatisfiable" {
  const match = header ? RANGE.exec(header.trim()) : null;
  if (!match || (match[1] === "" && match[2] === "")) return null;
  const [start, end] = [match[1] ?? "", match[2] ?? ""];
  // `bytes=-N`: the last N bytes.
  if (start === "") return size === 0 || Number(end) === 0 ? "unsatisfiable" : [Math.max(0, size - Number(end)), size - 1];
  const first = Number(start);
  // A last byte before the first makes the header invalid, and an invalid Range is ignored.
  if (end !== "" && Number(end) < first) return null;
  if (first >= size) return "unsatisfiable";
  return [first, end === "" ? size - 1 : Math.min(Number(end), size - 1)];
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
