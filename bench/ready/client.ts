import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";

/** The longest wait between two polls of an encoding video. */
const MAX_POLL_MS = 1_000;
/**
 * The encoder reports progress every 2 s, so the time left it implies may be that much too long: polls come
 * every `pollMs` from then on, and before it at half the rest of the estimate.
 */
const PROGRESS_STALE_SECONDS = 2;
const DONE_PERCENT = 100;

interface Answer {
  status: number;
  body: any; // the API's JSON, read field by field
}

/** A user of the API, as the README's curl examples use it. */
export function apiClient(api: string) {
  const call = async (method: string, path: string, opts: { token?: string; json?: unknown } = {}): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.json !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(api + path, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const expect = (what: string, a: Answer, status: number) => {
    if (a.status !== status) throw new Error(`${what}: HTTP ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
    return a.body;
  };

  return {
    async signUp(): Promise<{ email: string; password: string }> {
      const user = { name: "Bench Uploader", email: `bench-${crypto.randomUUID().slice(0, 12)}@example.test`, password: "bench-password" };
      expect("register", await call("POST", "/auth/register", { json: user }), 201);
      return user;
    },
    async login(user: { email: string; password: string }): Promise<string> {
      return expect("login", await call("POST", "/auth/login", { json: { email: user.email, password: user.password } }), 200).data.token;
    },
    /**
     * Creates the upload and sends the bytes straight to storage, in one PUT or in parts as the API says;
     * returns the video id and the body `POST /uploads/:id/complete` needs.
     */
    async upload(token: string, file: string, title: string): Promise<{ id: string; complete: unknown }> {
      const bytes = await readFile(file);
      const created = expect(
        "POST /uploads",
        await call("POST", "/uploads", {
          token,
          json: { title, filename: "bench.mp4", content_type: "video/mp4", size_bytes: bytes.length, visibility: "public" },
        }),
        201,
      );
      const { video, upload } = created.data;
      if (upload.method === "PUT") {
        const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: new Uint8Array(bytes) });
        if (put.status !== 200) throw new Error(`PUT to storage: HTTP ${put.status}`);
        return { id: video.id, complete: undefined };
      }
      const parts: { part_number: number; etag: string }[] = [];
      for (const part of upload.parts as { part_number: number; url: string }[]) {
        const start = (part.part_number - 1) * upload.part_size;
        const put = await fetch(part.url, { method: "PUT", body: new Uint8Array(bytes.subarray(start, start + upload.part_size)) });
        if (put.status !== 200) throw new Error(`PUT part ${part.part_number}: HTTP ${put.status}`);
        parts.push({ part_number: part.part_number, etag: put.headers.get("etag") ?? "" });
      }
      return { id: video.id, complete: { parts } };
    },
    /**
     * `POST /uploads/:id/complete`, then `GET /videos/:id` until `ready`: every `pollMs` until the video is
     * playable, then by the time its progress so far says is left (between `pollMs` and MAX_POLL_MS), so the
     * bench's own requests (each costs the edge under `wrangler dev` ~16 ms of CPU, the proxies more) take
     * little from the encode it measures while the last seconds are still polled every `pollMs`. Seconds from just before
     * the POST to the first answer saying `processing`, to the first saying `playable`, and to the first saying `ready`;
     * the wall-clock times (ms) of the POST and of that last answer, and how many polls it took. A 401 while
     * polling (an encode on a loaded machine can outlast the 15 min access token) asks `renew` for a new token.
     */
    async completeAndWait(
      token: string,
      id: string,
      pollMs: number,
      timeoutMs: number,
      body?: unknown,
      onCompleted?: (t0: number) => void,
      renew?: () => Promise<string>,
    ): Promise<{ toProcessing: number; toPlayable: number; toReady: number; postedAt: number; readyAt: number; polls: number }> {
      // The wall clock too, to line the run up with the services' log timestamps.
      const postedAt = Date.now();
      const t0 = performance.now();
      expect("complete", await call("POST", `/uploads/${id}/complete`, { token, json: body }), 202);
      onCompleted?.(t0);
      let toProcessing = NaN;
      let toPlayable = NaN;
      let since: { elapsed: number; percent: number } | undefined;
      for (let polls = 1; ; polls++) {
        let answer = await call("GET", `/videos/${id}`, { token });
        if (answer.status === 401 && renew) {
          token = await renew();
          answer = await call("GET", `/videos/${id}`, { token });
        }
        const { data } = expect("GET /videos/:id", answer, 200);
        const elapsed = (performance.now() - t0) / 1000;
        const status: string = data.video.status;
        if (status === "failed") throw new Error(`the encode failed: ${data.video.error ?? "no reason"}`);
        if (status !== "queued" && Number.isNaN(toProcessing)) toProcessing = elapsed;
        if ((data.video.playable === true || status === "ready") && Number.isNaN(toPlayable)) toPlayable = elapsed;
        if (status === "ready") return { toProcessing, toPlayable, toReady: elapsed, postedAt, readyAt: Date.now(), polls };
        if (elapsed * 1000 > timeoutMs) throw new Error(`not ready after ${elapsed.toFixed(0)} s (status ${status})`);
        const percent: unknown = data.video.progress;
        let waitMs = pollMs;
        if (!Number.isNaN(toPlayable) && typeof percent === "number") {
          if (!since) since = { elapsed, percent };
          else if (percent > since.percent) {
            const leftSeconds = ((DONE_PERCENT - percent) * (elapsed - since.elapsed)) / (percent - since.percent);
            waitMs = Math.min(MAX_POLL_MS, Math.max(pollMs, ((leftSeconds - PROGRESS_STALE_SECONDS) * 1000) / 2));
          }
        }
        await new Promise((r) => setTimeout(r, waitMs));
      }
    },
  };
}
