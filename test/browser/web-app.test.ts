import { makeClip } from "../../encoder/media/test-media.js";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storageKeys } from "../../shared/storage-keys.js";
import { consoleErrors, launchChromium, requestUrls, signInThroughForm } from "../../local/testing/browser.js";
import { startDevPlatform, type DevPlatform } from "../../local/testing/dev-platform.js";
import { jsonApi } from "../../local/testing/json-api.js";

/**
 * The web app in a real browser against the whole platform as `npm run dev` starts it: sign up, upload
 * through the page, watch the encode live, play adaptively through the CDN emulator; a multipart upload
 * interrupted, reloaded and resumed; a refused file type. Screenshots land in test-results/.
 */
const MiB = 1024 * 1024;
const ARTIFACTS = join(process.cwd(), "test-results");
// The dev database outlives a run: unique names keep each run to its own user and videos.
const runId = crypto.randomUUID().slice(0, 8);
const user = { name: "Browser Tester", email: `browser-${runId}@example.test`, password: "browser-password" };
const clipTitle = `Browser clip ${runId}`;

let dev: DevPlatform;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let scratch: string;
const files = { clip: "", big: "", notes: "" };

/** A 6 s 1280x720 test picture with a tone; `videoArgs` trade size for nothing else (low qp: a bigger file). */
const makeVideo = (path: string, videoArgs: string[] = []) =>
  makeClip(path, { width: 1280, height: 720, seconds: 6, audio: true, videoArgs });

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "vod-browser-files-"));
  await mkdir(ARTIFACTS, { recursive: true });
  files.clip = join(scratch, "clip.mp4");
  files.big = join(scratch, "big-clip.mp4");
  files.notes = join(scratch, "notes.txt");
  await Promise.all([makeVideo(files.clip), makeVideo(files.big, ["-qp", "4"]), writeFile(files.notes, "not a video\n")]);
  // Small thresholds, so a ~12 MB file is a multipart upload of three 5 MiB parts.
  const [started, launched] = await Promise.allSettled([
    startDevPlatform({ SINGLE_PUT_MAX_BYTES: String(6 * MiB), MULTIPART_PART_BYTES: String(5 * MiB) }),
    launchChromium(),
  ]);
  // Keep whatever did start, so afterAll stops it even when the other failed.
  if (started.status === "fulfilled") dev = started.value;
  if (launched.status === "fulfilled") browser = launched.value;
  for (const result of [started, launched]) if (result.status === "rejected") throw result.reason;
});

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
  await rm(scratch, { recursive: true, force: true });
});

const api = jsonApi(() => dev.edgeUrl);

async function apiToken(): Promise<string> {
  const { body } = await api("POST", "/auth/login", { json: { email: user.email, password: user.password } });
  return body.data.token as string;
}

const signIn = (page: Page) => signInThroughForm(page, dev.edgeUrl, user);

const focused = (page: Page) =>
  page.evaluate(
    () => `${document.activeElement?.tagName}:${document.activeElement?.getAttribute("name") ?? document.activeElement?.textContent}`,
  );

describe("the web app", () => {
  it("signs up, uploads with progress, follows the encode live and plays adaptively from the signed CDN", async () => {
    const page = await browser.context.newPage();
    const errors = consoleErrors(page);
    const requests = requestUrls(page);

    // Sign up with the keyboard alone: the heading takes the focus, Tab walks the labelled fields, Enter submits.
    await page.goto(`${dev.edgeUrl}/`);
    await page.getByRole("link", { name: "Sign up" }).click();
    await expect.poll(() => focused(page)).toBe("H1:Create an account");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("INPUT:name");
    await page.keyboard.type(user.name);
    await page.keyboard.press("Tab");
    await page.keyboard.type(user.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(user.password);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/library");
    await page.getByRole("navigation").getByText(user.name).waitFor();

    // The refresh token is an httpOnly cookie: no script sees it; a reload signs in again through it.
    expect(await page.evaluate(() => document.cookie)).not.toContain("vod_refresh");
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toMatch(/rt_|eyJ/);
    await page.reload();
    await page.getByRole("navigation").getByText(user.name).waitFor();

    // Upload through the page's file input; the progress bar reaches 100 %.
    await page.getByRole("navigation").getByRole("link", { name: "Upload", exact: true }).click();
    await page.getByLabel("Title").fill(clipTitle);
    await page.getByLabel("Visibility").selectOption("public");
    await page.locator("#upload-files").setInputFiles(files.clip);
    const upload = page.locator(".upload", { hasText: clipTitle });
    await expect
      .poll(() => upload.getByRole("progressbar").evaluate((p) => (p as HTMLProgressElement).value), { timeout: 60_000 })
      .toBe(100);
    await upload.and(page.locator('[data-phase="done"]')).waitFor({ timeout: 30_000 });
    expect(await upload.innerText()).toContain("100 %");

    // My videos follows the encode (polling) until it is ready.
    await upload.getByRole("link", { name: /My videos/ }).click();
    await page.waitForURL("**/library");
    const row = page.locator(".video-row", { hasText: clipTitle });
    const seen = new Set<string>();
    await expect
      .poll(async () => seen.add((await row.getAttribute("data-status")) ?? "").has("ready") || seen.has("failed"), {
        timeout: 180_000,
        interval: 250,
      })
      .toBe(true);
    expect(
      [...seen].filter(Boolean).every((s) => ["awaiting_upload", "queued", "processing", "ready"].includes(s)),
      [...seen].join(),
    ).toBe(true);
    expect(await row.innerText()).toMatch(/Ready[\s\S]*Public · 0:06 · 1280×720/);
    const videoId = (await row.getAttribute("data-video-id"))!;

    // Watch: dash.js plays past 2 s, fetching signed segments from the CDN, adapting on its own.
    await row.getByRole("link", { name: clipTitle }).click();
    await page.waitForURL(`**/watch/${videoId}`);
    const video = page.locator("video");
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 60_000 }).toBeGreaterThan(2);
    await page.locator(".player").screenshot({ path: join(ARTIFACTS, "watch.png") });
    const segments = requests.filter((u) => u.startsWith(dev.cdnUrl) && /\/(init|chunk)-[^/?]+\.m4s\?/.test(u));
    expect(segments.length).toBeGreaterThan(2);
    for (const url of segments) expect(new URL(url).searchParams.get("Signature"), url).toBeTruthy();
    expect(await page.locator("#quality-now").innerText()).toMatch(/^Playing \d+p \(auto\)$/);
    expect(await video.getAttribute("poster")).toMatch(new RegExp(`^${dev.cdnUrl}/.*poster\\.jpg\\?.*Signature=`));

    // Choosing a quality by hand: 240p segments come from the CDN and play.
    const lowest = (await page.locator("#quality option").allInnerTexts()).find((t) => t.startsWith("240p"))!;
    await page.getByLabel("Quality").selectOption({ label: lowest });
    await video.evaluate((v: HTMLVideoElement) => ((v.currentTime = 0), v.play()));
    await expect
      .poll(() => requests.some((u) => u.startsWith(dev.cdnUrl) && /\/chunk-3-\d+\.m4s\?.*Signature=/.test(u)), { timeout: 30_000 })
      .toBe(true);
    await expect.poll(() => page.locator("#quality-now").innerText(), { timeout: 30_000 }).toBe("Playing 240p");

    // Browse lists it with its poster, duration and owner; the layout fits a phone.
    // The public list is cached for CATALOG_CACHE_SECONDS (10 s) at the edge, so a page seen before the video
    // was ready may still be served: reload until the cache has turned over, as a user would.
    await page.getByRole("navigation").getByRole("link", { name: "Browse", exact: true }).click();
    const card = page.locator(".card", { hasText: clipTitle });
    await expect
      .poll(
        async () => {
          if (await card.isVisible()) return true;
          await page.reload();
          return card.waitFor({ timeout: 3_000 }).then(
            () => true,
            () => false,
          );
        },
        { timeout: 40_000, interval: 1_000 },
      )
      .toBe(true);
    expect(await card.innerText()).toMatch(new RegExp(`0:06[\\s\\S]*${clipTitle}[\\s\\S]*Browser Tester`));
    await expect
      .poll(() => card.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 15_000 })
      .toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "browse-phone.png") });
    await page.setViewportSize({ width: 1280, height: 720 });

    // Edit, then delete with a confirmation.
    await page.getByRole("navigation").getByRole("link", { name: "My videos", exact: true }).click();
    await row.getByRole("button", { name: "Edit" }).click();
    await row.getByLabel("Title").fill(`${clipTitle}, renamed`);
    await row.getByRole("button", { name: "Save" }).click();
    const renamed = page.locator(".video-row", { hasText: `${clipTitle}, renamed` });
    await renamed.getByRole("link", { name: `${clipTitle}, renamed` }).waitFor();
    expect((await api("GET", `/videos/${videoId}`)).body.data.video.title).toBe(`${clipTitle}, renamed`);
    await renamed.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await renamed.waitFor({ state: "detached" });
    expect((await api("GET", `/videos/${videoId}`)).status).toBe(404);

    // Signing out clears the session: a reload stays signed out.
    await page.getByRole("navigation").getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("navigation").getByRole("link", { name: "Sign in" }).waitFor();
    await page.reload();
    await page.getByRole("navigation").getByRole("link", { name: "Sign in" }).waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });

  it("resumes an interrupted multipart upload after a reload, sending only the missing parts", async () => {
    const page = await browser.context.newPage();
    const errors = consoleErrors(page);
    const partPuts = requestUrls(page, (r) => r.method() === "PUT" && r.url().startsWith(dev.s3Url));
    const putsOf = (part: number) => partPuts.filter((u) => new URL(u).searchParams.get("partNumber") === String(part)).length;
    await signIn(page);
    await page.goto(`${dev.edgeUrl}/upload`);

    // Part 2 cannot get through: the upload keeps parts 1 and 3, retries part 2, then reports the interruption.
    await page.route(/[?&]partNumber=2(&|$)/, (route) => route.abort("connectionreset"));
    await page.getByLabel("Title").fill("Resumed clip");
    await page.locator("#upload-files").setInputFiles(files.big);
    const interrupted = page.locator('.upload[data-phase="interrupted"]', { hasText: "Resumed clip" });
    await interrupted.waitFor({ timeout: 60_000 });
    expect(await interrupted.innerText()).toMatch(/interrupted by a network error/);
    expect([putsOf(1), putsOf(3)]).toEqual([1, 1]);
    expect(putsOf(2)).toBeGreaterThan(1);

    // A reload forgets the bytes, not the upload: pick the same file and only part 2 is sent.
    await page.unroute(/[?&]partNumber=2(&|$)/);
    await page.reload();
    const resumable = page.locator('.upload[data-phase="resumable"]', { hasText: "Resumed clip" });
    await resumable.waitFor();
    expect(await resumable.innerText()).toMatch(/Interrupted with 7\.\d MB sent/);
    await resumable.locator("input[type=file]").setInputFiles(files.clip);
    expect(await resumable.getByRole("alert").innerText()).toMatch(/not the same file/);
    await resumable.locator("input[type=file]").setInputFiles(files.big);
    const done = page.locator('.upload[data-phase="done"]', { hasText: "Resumed clip" });
    await done.waitFor({ timeout: 60_000 });
    expect([putsOf(1), putsOf(3)]).toEqual([1, 1]);

    // The stored object is the whole file, and the video is on its way to (or at) ready.
    const videoId = /\/uploads\/(vid_[^/]+)\/source/.exec(partPuts[0]!)![1]!;
    const stored = await fetch(`${dev.s3Url}/videos/${storageKeys.source(videoId)}`);
    const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    const original = await readFile(files.big);
    expect((await stat(files.big)).size).toBeGreaterThan(10 * MiB);
    expect(sha(new Uint8Array(await stored.arrayBuffer()))).toBe(sha(original));
    const { body } = await api("GET", "/users/me/videos", { token: await apiToken() });
    const listed = body.data.videos.find((v: { id: string }) => v.id === videoId);
    expect(listed).toMatchObject({
      title: "Resumed clip",
      size_bytes: original.length,
      status: expect.stringMatching(/^(queued|processing|ready)$/),
    });
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("vod.upload.")))).toEqual([]);

    await page.getByRole("navigation").getByRole("link", { name: "My videos", exact: true }).click();
    await page.locator(`.video-row[data-video-id="${videoId}"]`).waitFor();

    // Only the deliberately broken part 2 requests failed.
    expect(errors.filter((e) => !/Failed to load resource: net::ERR_CONNECTION_RESET/.test(e))).toEqual([]);
    await page.close();
  });

  it("refuses a file that is not a video before sending anything, with the API's message", async () => {
    const page = await browser.context.newPage();
    const errors = consoleErrors(page);
    const creates = requestUrls(page, (r) => r.method() === "POST" && new URL(r.url()).pathname === "/uploads");
    await signIn(page);
    await page.goto(`${dev.edgeUrl}/upload`);
    await page.locator("#upload-files").setInputFiles(files.notes);
    const refused = page.getByRole("list", { name: "Files not accepted" }).getByRole("alert");
    expect(await refused.innerText()).toBe(
      "notes.txt is not a video we can take. The content_type must be a video type: video/mp4, video/quicktime, video/webm, video/x-matroska, video/x-msvideo, video/mpeg, video/ogg, video/3gpp, video/x-m4v, video/mp2t.",
    );
    expect(creates).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("the API reference", () => {
  it("opens from the footer, renders every operation from /openapi.json and tries one out, within the CSP, from this origin", async () => {
    const page = await browser.context.newPage();
    const errors = consoleErrors(page);
    const foreign = requestUrls(page, (r) => new URL(r.url()).origin !== new URL(dev.edgeUrl).origin);
    await page.goto(`${dev.edgeUrl}/`);
    await page.getByRole("contentinfo").getByRole("link", { name: "API reference" }).click();
    await page.waitForURL(`${dev.edgeUrl}/docs`);
    expect(await page.title()).toBe("API reference · VOD");

    // Swagger UI shows an operation once under each of its tags: one block per (tag, operation).
    const doc = (await (await fetch(`${dev.edgeUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; tags: string[] }>>;
    };
    const shown = Object.values(doc.paths)
      .flatMap((item) => Object.values(item))
      .flatMap((op) => op.tags.map((tag) => `operations-${tag}-${op.operationId}`))
      .sort();
    expect(shown.length).toBeGreaterThan(25);
    const blocks = page.locator(".opblock");
    await expect.poll(() => blocks.evaluateAll((all) => all.map((b) => b.id).sort()), { timeout: 30_000 }).toEqual(shown);
    expect(await page.getByRole("heading", { name: "videos", exact: false }).first().isVisible()).toBe(true);

    // Try it out: GET /videos from the page, answered by the API.
    const list = page.locator("#operations-videos-listVideos");
    await list.locator(".opblock-summary").click();
    await list.getByRole("button", { name: "Try it out" }).click();
    await list.getByRole("button", { name: "Execute" }).click();
    await expect
      .poll(() => list.locator(".live-responses-table tbody .response-col_status").first().innerText(), { timeout: 15_000 })
      .toBe("200");

    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, "api-reference.png") });
    await page.close();
  });
});
