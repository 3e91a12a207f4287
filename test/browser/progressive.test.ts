import { makeClip } from "../../encoder/media/test-media.js";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifestExtent } from "../../web/src/player/manifest-extent.js";
import { consoleErrors, launchChromium, signInThroughForm } from "../../local/testing/browser.js";
import { startDevPlatform, type DevPlatform } from "../../local/testing/dev-platform.js";
import { frozenSpans, playbackLog, recordPlayback, stallsIn, type PlaybackLog } from "../../local/testing/playback-log.js";

/**
 * Progressive publishing in a real browser against the whole platform as `npm run dev` starts it: a 60 s
 * video uploaded through the web app is watched from "Watch now" on the upload page as soon as it is
 * playable, plays from its start while the rest is still being encoded, and carries on into the finished
 * video without a reload or a stall; and a manifest that answers 503 meanwhile (as while an encode
 * restarts) stops the player with a message until it can go on where it was. Timings are written to
 * test-results/progressive.json.
 */
const ARTIFACTS = join(process.cwd(), "test-results");
const runId = crypto.randomUUID().slice(0, 8);
const user = { name: "Progressive Tester", email: `progressive-${runId}@example.test`, password: "progressive-password" };
const SOURCE_SECONDS = 60;
/**
 * 854x480 plans three rungs (480p, 360p, 240p). On this 2-core machine ffmpeg encodes them in about 11 s
 * alone and in 20-38 s beside the whole platform and Chromium playing (2-3x real time), while 720p's four
 * rungs already take 29 s alone: so the encode stays clearly ahead of playback and the player never waits
 * for it, yet it lasts long enough after the first segments for the page to start playing while it runs.
 * (360p's two rungs are done in about 6 s alone: the encode could be over before the first frame.)
 */
const SOURCE_SIZE = "854x480";
/** One segment: a longer wait for data is a stall the viewer notices. */
const MAX_STALL_MS = 2_000;

let dev: DevPlatform;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let scratch: string;
let source: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "vod-progressive-"));
  await mkdir(ARTIFACTS, { recursive: true });
  source = join(scratch, "progressive.mp4");
  const [width, height] = SOURCE_SIZE.split("x").map(Number) as [number, number];
  const generate = makeClip(source, { width, height, seconds: SOURCE_SECONDS, audio: true, preset: "veryfast" });
  const [generated, started, launched] = await Promise.allSettled([generate, startDevPlatform(), launchChromium()]);
  // Keep whatever did start, so afterAll stops it even when something else failed.
  if (started.status === "fulfilled") dev = started.value;
  if (launched.status === "fulfilled") browser = launched.value;
  for (const result of [generated, started, launched]) if (result.status === "rejected") throw result.reason;
  const registered = await fetch(`${dev.edgeUrl}/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user),
  });
  expect(registered.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
  await rm(scratch, { recursive: true, force: true });
});

interface Details {
  video: { id: string; status: string; progress: number; playable: boolean; duration_seconds: number | null };
  manifest_url: string | null;
}

async function details(token: string, videoId: string): Promise<Details> {
  const res = await fetch(`${dev.edgeUrl}/videos/${videoId}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /videos/${videoId} answered ${res.status}`);
  return ((await res.json()) as { data: Details }).data;
}

async function apiToken(): Promise<string> {
  const res = await fetch(`${dev.edgeUrl}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  return ((await res.json()) as { data: { token: string } }).data.token;
}

/** The video's states as the API reports them, every 250 ms, each with the time it was first seen. */
function followApi(token: string, videoId: string) {
  const seen: { at: number; status: string; progress: number; playable: boolean }[] = [];
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const { video } = await details(token, videoId).catch(() => ({ video: null }));
      const last = seen[seen.length - 1];
      if (video && (!last || last.status !== video.status || last.playable !== video.playable))
        seen.push({ at: Date.now(), status: video.status, progress: video.progress, playable: video.playable });
      if (video?.status === "ready" || video?.status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    seen,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

const signIn = (page: Page) => signInThroughForm(page, dev.edgeUrl, user);

/**
 * Signs in, uploads the source through the upload page, and opens the watch page from the "Watch now"
 * the upload page offers once the video is playable. The API's view of the video is followed from the
 * end of the upload on.
 */
async function uploadAndWatchNow(page: Page, title: string) {
  // The video's id, from the upload's PUT to storage.
  let id = "";
  page.on("request", (r) => {
    const put = r.method() === "PUT" ? /\/uploads\/(vid_[^/]+)\/source/.exec(r.url()) : null;
    if (put) id = put[1]!;
  });
  await signIn(page);
  await page.getByRole("navigation").getByRole("link", { name: "Upload", exact: true }).click();
  await page.getByLabel("Title").fill(title);
  const uploadStarted = Date.now();
  await page.locator("#upload-files").setInputFiles(source);
  const upload = page.locator(".upload", { hasText: title });
  await upload.and(page.locator('[data-phase="done"]')).waitFor({ timeout: 60_000 });
  const uploaded = Date.now();
  expect(id).toMatch(/^vid_/);
  const api = followApi(await apiToken(), id);

  const watchNow = upload.getByRole("link", { name: /^Watch now/ });
  await watchNow.waitFor({ timeout: 120_000 });
  const offered = Date.now();
  expect(await watchNow.getAttribute("href")).toBe(`/watch/${id}`);
  await watchNow.click();
  await page.waitForURL(`**/watch/${id}`);
  return { id, api, at: { uploadStarted, uploaded, offered, clicked: Date.now() } };
}

/** Whether the page's video is playing past its first frame. */
const playingPast = (page: Page, seconds: number) =>
  page.locator("video").evaluate((v: HTMLVideoElement, s: number) => !v.paused && v.currentTime > s, seconds);

describe("progressive publishing in the web app", () => {
  it("plays a video from its start while it is encoded, and on into the finished video without a stall", async () => {
    const page = await browser.context.newPage();
    const errors = consoleErrors(page);
    const warnings: string[] = [];
    page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    await recordPlayback(page);
    const { id, api, at } = await uploadAndWatchNow(page, `Progressive clip ${runId}`);

    // (a) The first frame arrives while the encode still runs: the API says processing after it, and the
    // player shows the encode's progress, nothing "live".
    const video = page.locator("video");
    await expect.poll(() => playingPast(page, 0), { timeout: 60_000, interval: 100 }).toBe(true);
    const afterFirstFrame = await details(await apiToken(), id);
    expect(afterFirstFrame.video.status, "the encode had already finished when the first frame arrived").toBe("processing");
    expect(afterFirstFrame.video.playable).toBe(true);
    const badge = page.locator(".player-badge");
    expect(await badge.innerText()).toMatch(/^Processing \d{1,2}%$/);
    expect(await page.locator(".player").innerText()).not.toMatch(/\blive\b/i);
    await page.locator(".player").screenshot({ path: join(ARTIFACTS, "progressive-processing.png") });

    // The encode finishes under the player: the badge goes, the duration becomes the whole video's.
    await expect
      .poll(() => api.seen.some((s) => s.status === "ready" || s.status === "failed"), { timeout: 180_000, interval: 500 })
      .toBe(true);
    expect(api.seen.map((s) => s.status)).not.toContain("failed");
    await badge.waitFor({ state: "hidden", timeout: 10_000 });

    // (b) It plays to the end: `ended` fires, and no wait for data lasted longer than one segment.
    const ended = await page
      .waitForFunction(() => (window as unknown as { __playback: { ended: boolean } }).__playback.ended, null, {
        timeout: 120_000,
        polling: 500,
      })
      .then(
        () => true,
        () => false,
      );
    const log = await playbackLog(page);
    const stalls = stallsIn(log.events);
    const frozen = frozenSpans(log.samples);
    await api.stop();
    // The timings go out before anything is asserted on them, so a failed run tells what happened.
    const timings = summary(at, api.seen, log, stalls, frozen);
    await writeFile(join(ARTIFACTS, "progressive.json"), JSON.stringify(timings, null, 2) + "\n");
    console.log(`progressive playback: ${JSON.stringify(timings)}`);
    if (!ended) await page.screenshot({ path: join(ARTIFACTS, "progressive-not-ended.png") });
    expect(
      ended,
      `no \`ended\`: ${await playerState(page)}; events ${JSON.stringify(log.events.slice(-12))}; warnings ${warnings.slice(-10).join(" | ")}`,
    ).toBe(true);
    expect(
      stalls.filter((s) => s.ms > MAX_STALL_MS),
      JSON.stringify(stalls),
    ).toEqual([]);
    expect(
      frozen.filter((f) => f.ms > MAX_STALL_MS),
      JSON.stringify(frozen),
    ).toEqual([]);
    // Played through in one go: the player never had to stop and resume (that is for restarted encodes);
    // dash.js empties the element once while it attaches, before the first frame.
    const firstPlaying = log.events.find((e) => e.type === "playing")?.at ?? 0;
    expect(log.events.filter((e) => (e.type === "emptied" && e.at > firstPlaying) || e.type === "error")).toEqual([]);
    expect(await page.locator(".player-message").innerText()).toBe("");
    const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
    expect(duration).toBeGreaterThan(SOURCE_SECONDS - 1);
    expect(duration).toBeLessThan(SOURCE_SECONDS + 1);

    // (c) What is stored is the finished presentation: a static manifest of the whole 60 s.
    const final = await details(await apiToken(), id);
    const res = await fetch(final.manifest_url!);
    expect(res.status).toBe(200);
    const mpd = await res.text();
    expect(mpd).toMatch(/\btype="static"/);
    expect(mpd).toMatch(/\bmediaPresentationDuration="PT/);
    const extent = manifestExtent(mpd, Date.now());
    expect(extent?.growing).toBe(false);
    expect(Math.abs(extent!.seconds - SOURCE_SECONDS)).toBeLessThan(0.5);

    // (d) Nothing went wrong on the page.
    expect(errors).toEqual([]);
    await page.close();
  });

  it("stops with a message while the manifest answers 503 during the encode, and goes on where it was", async () => {
    const page = await browser.context.newPage();
    const errors = consoleErrors(page);
    await recordPlayback(page);
    const { id, api } = await uploadAndWatchNow(page, `Interrupted clip ${runId}`);
    await expect.poll(() => playingPast(page, 2), { timeout: 60_000, interval: 100 }).toBe(true);

    // What the edge answers while an encode restarts, for the player's refreshes and the page's own checks.
    const manifest = (url: URL) => url.pathname === `/videos/${id}/manifest.mpd`;
    const unavailable = JSON.stringify({ message: "Service Unavailable", data: {} });
    const cut = Date.now();
    await page.route(manifest, (route) =>
      route.fulfill({ status: 503, headers: { "retry-after": "2" }, contentType: "application/json", body: unavailable }),
    );
    const message = page.locator(".player-message");
    await expect
      .poll(() => message.innerText(), { timeout: 15_000, interval: 100 })
      .toMatch(/^Encoding restarted; playback resumes when it catches up/);
    expect((await details(await apiToken(), id)).video.status, "the encode finished before the manifest failed").toBe("processing");
    const stopped = await playbackLog(page);
    // The first time the player let go of the video after the cut: on a loaded machine a retry can empty it
    // again after its position already read 0, so the position is taken before the first one.
    const emptied = stopped.events.find((e) => e.type === "emptied" && e.at >= cut)!;
    const position = [...stopped.samples].reverse().find((s) => s.at < emptied.at)!.time;
    expect(await page.locator(".player-badge").innerText()).toMatch(/^Processing \d{1,2}%$/);

    // The edge answers again: playback goes on from where it stopped, not from the start.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await page.unroute(manifest);
    await expect.poll(() => playingPast(page, position + 1), { timeout: 30_000, interval: 250 }).toBe(true);
    expect(await message.innerText()).toBe("");
    const resumed = await playbackLog(page);
    const restart = resumed.samples.find((s) => s.at > emptied.at && s.time > 0 && !s.paused)!;
    expect(Math.abs(restart.time - position), `stopped at ${position}, went on at ${restart.time}`).toBeLessThan(1);
    console.log(
      `progressive recovery: stopped at ${position.toFixed(2)} s, went on at ${restart.time.toFixed(2)} s after ${((restart.at - emptied.at) / 1000).toFixed(1)} s`,
    );
    await api.stop();

    // The only errors are the 503s themselves.
    expect(errors.filter((e) => !/status of 503/.test(e))).toEqual([]);
    await page.close();
  });
});

type ApiState = ReturnType<typeof followApi>["seen"][number];

/** The run's timings, in seconds; "processing" as the API first showed it (polled every 250 ms) stands for the encode's start. */
function summary(
  at: { uploadStarted: number; uploaded: number; offered: number; clicked: number },
  seen: ApiState[],
  log: PlaybackLog,
  stalls: { ms: number }[],
  frozen: { ms: number }[],
) {
  const first = (match: (s: ApiState) => boolean) => seen.find(match)?.at ?? Number.NaN;
  const processing = first((s) => s.status === "processing");
  const playable = first((s) => s.playable);
  const ready = first((s) => s.status === "ready");
  const frame = log.firstFrameAt ?? Number.NaN;
  const seconds = (from: number, to: number) => Math.round(to - from) / 1000;
  return {
    source: `${SOURCE_SECONDS} s ${SOURCE_SIZE}`,
    upload_seconds: seconds(at.uploadStarted, at.uploaded),
    playable_after_processing_seconds: seconds(processing, playable),
    watch_now_offered_after_playable_seconds: seconds(playable, at.offered),
    first_frame_after_click_seconds: seconds(at.clicked, frame),
    first_frame_after_playable_seconds: seconds(playable, frame),
    first_frame_after_processing_seconds: seconds(processing, frame),
    first_frame_before_ready_seconds: seconds(frame, ready),
    encode_seconds: seconds(processing, ready),
    first_frame_to_ended_seconds: seconds(frame, log.endedAt ?? Number.NaN),
    stalls_ms: stalls.map((s) => s.ms),
    longest_frozen_ms: Math.max(0, ...frozen.map((f) => f.ms)),
    api_states: seen.map((s) => ({
      after_upload_seconds: seconds(at.uploaded, s.at),
      status: s.status,
      playable: s.playable,
      progress: s.progress,
    })),
  };
}

/** What the player shows, for a failure's message. */
const playerState = (page: Page) =>
  page.evaluate(() => {
    const v = document.querySelector("video");
    const ranges = (r: TimeRanges | undefined) =>
      r ? Array.from({ length: r.length }, (_, i) => `${r.start(i).toFixed(2)}-${r.end(i).toFixed(2)}`).join(",") : "";
    return JSON.stringify({
      currentTime: v?.currentTime,
      duration: v?.duration,
      paused: v?.paused,
      readyState: v?.readyState,
      buffered: ranges(v?.buffered),
      seekable: ranges(v?.seekable),
      error: v?.error?.message,
      message: document.querySelector(".player-message")?.textContent,
      badge: document.querySelector(".player-badge")?.textContent,
    });
  });
