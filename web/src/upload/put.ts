/**
 * One PUT of a file or a slice of it to a presigned URL, with progress. XMLHttpRequest, because fetch
 * reports no upload progress.
 */
export class TransferError extends Error {
  constructor(
    readonly kind: "network" | "http" | "aborted",
    readonly status = 0,
    readonly body = "",
  ) {
    super(kind === "http" ? `storage answered ${status}` : kind === "network" ? "network error" : "aborted");
    this.name = "TransferError";
  }

  /** Network errors, timeouts and 5xx may pass; other answers will not change by trying again. */
  get retryable() {
    return this.kind === "network" || (this.kind === "http" && (this.status >= 500 || this.status === 408 || this.status === 429));
  }

  /** A presigned URL past its expiry (S3 answers 403 with "Request has expired"). */
  get expired() {
    return this.kind === "http" && this.status === 403 && /expired/i.test(this.body);
  }
}

export function putBlob(
  url: string,
  body: Blob,
  opts: { headers?: Record<string, string>; onProgress?: (loaded: number) => void; signal?: AbortSignal } = {},
): Promise<{ etag: string | null }> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new TransferError("aborted"));
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(opts.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve({ etag: xhr.getResponseHeader("ETag") });
      else reject(new TransferError("http", xhr.status, xhr.responseText.slice(0, 500)));
    };
    xhr.onerror = () => reject(new TransferError("network"));
    xhr.ontimeout = () => reject(new TransferError("network"));
    xhr.onabort = () => reject(new TransferError("aborted"));
    const abort = () => xhr.abort();
    opts.signal?.addEventListener("abort", abort, { once: true });
    xhr.onloadend = () => opts.signal?.removeEventListener("abort", abort);
    xhr.send(body);
  });
}
