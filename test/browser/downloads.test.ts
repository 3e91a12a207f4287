import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleErrors, signInThroughForm } from "../../local/testing/browser.js";
import { artifactPath, registerUser, startStory, stepLog, uploadClip, type Story } from "../../local/testing/browser-story.js";
import { DOWNLOAD_FAILURES } from "../../shared/contracts/downloads.js";

/**
 * The watch page's Download menu in Chromium against `npm run dev`: a viewer of a video its owner lets them
 * download sees a file that could not be made say so, tries again and gets it, picks the MP4 and the browser
 * saves a real, whole file; once the owner withdraws the permission the menu is gone and the API refuses.
 */
const runId = crypto.randomUUID().slice(0, 8);
const owner = { name: "Download Owner", email: `dl-owner-${runId}@example.test`, password: "download-password" };
const viewer = { name: "Download Viewer", email: `dl-viewer-${runId}@example.test`, password: "download-password" };
const SOURCE = { width: 426, height: 240, seconds: 4 };

const execFileAsync = promisify(execFile);
let story: Story;
const api: Story["api"] = (...call) => story.api(...call);
const step = stepLog("downloads");

beforeAll(async () => {
  story = await startStory({ name: "downloads", clip: SOURCE, env: { ENCODERS: "1" } });
  await step("platform up");
});

afterAll(() => story?.stop());

const register = (user: typeof owner) => registerUser(story, user);
const upload = (token: string) => uploadClip(story, token, `Download me ${runId}`);

/** The audio file's last request failed, as the projector records a failure the downloader reported (no route makes one). */
async function arrangeFailedAudio(videoId: string): Promise<void> {
  const db = new pg.Client({ connectionString: story.dev.databaseUrl });
  await db.connect();
  try {
    await db.query(
      `insert into downloads (video_id, revision, rendition, requested_at, failed_at, failure_code, failure_reason)
       select id, outputs->>'revision', 'audio', now(), now(), 'bad_media', $2 from videos where id = $1`,
      [videoId, DOWNLOAD_FAILURES.bad_media],
    );
  } finally {
    await db.end();
  }
}

/** Clicks `button` and saves the file the browser receives; what ffprobe makes of it. */
async function downloadThrough(page: Page, click: () => Promise<void>, name: string) {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), click()]);
  const path = join(story.scratch, name);
  await download.saveAs(path);
  const { stdout } = await execFileAsync("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path]);
  const probed = JSON.parse(stdout) as { format: { duration: string }; streams: { codec_type: string; width?: number; height?: number }[] };
  return {
    suggested: download.suggestedFilename(),
    seconds: Number(probed.format.duration),
    streams: probed.streams.map((s) => (s.codec_type === "video" ? `video ${s.width}x${s.height}` : s.codec_type)),
  };
}

describe("the Download menu", () => {
  it(
    "shows a failed file with a retry, downloads a real MP4, and is gone once downloads are not allowed",
    { timeout: 240_000 },
    async () => {
      const ownerToken = await register(owner);
      const viewerToken = await register(viewer);
      const id = await upload(ownerToken);
      const allowed = await api("PATCH", `/videos/${id}`, { token: ownerToken, json: { downloadable: true } });
      expect(allowed.body.data.video.downloadable).toBe(true);
      await expect
        .poll(async () => (await api("GET", `/videos/${id}`, { token: ownerToken })).body.data.video.status, {
          timeout: 120_000,
          interval: 250,
        })
        .toBe("ready");
      await step("uploaded and ready");
      await arrangeFailedAudio(id);

      const page = await story.browser.context.newPage();
      const errors = consoleErrors(page);
      await signInThroughForm(page, story.dev.edgeUrl, viewer);
      await page.goto(`${story.dev.edgeUrl}/watch/${id}`);
      await page.getByText("Download", { exact: true }).click();
      const status = page.locator(".download-menu [role=status]");
      await expect
        .poll(() => status.textContent(), { timeout: 15_000 })
        .toBe(`Could not prepare Audio only (M4A). ${DOWNLOAD_FAILURES.bad_media} Try again`);
      expect(await page.locator(".download-choices button").allTextContents()).toEqual(["240p (MP4)", "Audio only (M4A)"]);
      await page.screenshot({ path: artifactPath("downloads-failed.png"), fullPage: true });

      // Trying again asks anew: the origin makes the file and the browser saves it.
      const audio = await downloadThrough(page, () => status.getByRole("button", { name: "Try again" }).click(), "audio.m4a");
      expect(audio.streams).toEqual(["audio"]);
      expect(audio.suggested).toBe(`Download me ${runId}.m4a`);
      await step("audio tried again and saved");

      const mp4 = await downloadThrough(page, () => page.getByRole("button", { name: "240p (MP4)" }).click(), "240p.mp4");
      expect(mp4.suggested).toBe(`Download me ${runId}.mp4`);
      expect(mp4.streams).toEqual(["video 426x240", "audio"]);
      expect(Math.abs(mp4.seconds - SOURCE.seconds)).toBeLessThanOrEqual(0.2);
      await expect.poll(() => status.textContent()).toBe("Downloading 240p (MP4).");
      await step("MP4 saved");

      // The owner withdraws it: the viewer's page offers no download, and asking the API directly is refused.
      expect((await api("PATCH", `/videos/${id}`, { token: ownerToken, json: { downloadable: false } })).status).toBe(200);
      await page.reload();
      await page.getByRole("heading", { name: `Download me ${runId}` }).waitFor();
      expect(await page.locator(".download-menu").count()).toBe(0);
      expect(await page.getByText("Download", { exact: true }).count()).toBe(0);
      const refused = await api("POST", `/videos/${id}/downloads`, { token: viewerToken, json: { rendition: "240p" } });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ message: "Forbidden", data: { reason: "The owner does not allow downloads of this video." } });
      await page.screenshot({ path: artifactPath("downloads-refused.png"), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
      await step("refused");
    },
  );
});
