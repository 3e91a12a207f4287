import { makeClip } from "../../encoder/media/test-media.js";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleErrors, launchChromium, signInThroughForm } from "../../local/testing/browser.js";
import { startDevPlatform, type DevPlatform } from "../../local/testing/dev-platform.js";
import { eventually } from "../../local/testing/jetstream.js";

/**
 * The viewer's settings as the player honours them: changed on /me, they decide how the next video
 * opened starts (quality, autoplay, speed), and changed back, the one after.
 */
const runId = crypto.randomUUID().slice(0, 8);
const user = { name: "Settings Viewer", email: `settings-${runId}@example.test`, password: "settings-password" };

let dev: DevPlatform;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let scratch: string;
let videoId: string;

async function call(path: string, init: { method?: string; token?: string; json?: unknown } = {}) {
  const res = await fetch(`${dev.edgeUrl}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.json === undefined ? {} : { "content-type": "application/json" }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: res.status, body: (await res.json()) as { data: Record<string, any> } };
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "vod-player-settings-"));
  const clip = makeClip(join(scratch, "clip.mp4"), { width: 854, height: 480, seconds: 6, audio: true });
  const [made, started, launched] = await Promise.allSettled([clip, startDevPlatform(), launchChromium()]);
  if (started.status === "fulfilled") dev = started.value;
  if (launched.status === "fulfilled") browser = launched.value;
  for (const result of [made, started, launched]) if (result.status === "rejected") throw result.reason;
  const token = (await call("/auth/register", { method: "POST", json: user })).body.data.token as string;
  const bytes = await readFile(join(scratch, "clip.mp4"));
  const created = await call("/uploads", {
    method: "POST",
    token,
    json: { title: "Settings clip", filename: "clip.mp4", content_type: "video/mp4", size_bytes: bytes.length, visibility: "public" },
  });
  const { video, upload } = created.body.data;
  videoId = video.id;
  expect((await fetch(upload.url, { method: "PUT", headers: upload.headers, body: new Uint8Array(bytes) })).status).toBe(200);
  expect((await call(`/uploads/${videoId}/complete`, { method: "POST", token })).status).toBe(202);
  await eventually(async () => (await call(`/videos/${videoId}`, { token })).body.data.video.status === "ready", 150_000);
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function saveSettings(page: Page, quality: string, autoplay: boolean, speed: string) {
  await page.goto(`${dev.edgeUrl}/me`);
  const save = page.getByRole("button", { name: "Save playback settings" });
  await expect.poll(() => save.isEnabled()).toBe(true);
  await page.getByLabel("Starting quality").selectOption(quality);
  await page.getByLabel("Start playing by itself").setChecked(autoplay);
  await page.getByLabel("Playback speed").selectOption(speed);
  await save.click();
  await page.getByText("Saved: the next video you open plays this way.").waitFor();
}

/** What the player starts with: the quality menu's choice, the element's rate, and whether it plays by itself. */
async function openVideo(page: Page) {
  await page.goto(`${dev.edgeUrl}/watch/${videoId}`);
  const quality = page.locator("#quality");
  await expect.poll(() => quality.isEnabled(), { timeout: 30_000 }).toBe(true);
  // Long enough for an autoplaying start to be under way.
  await page.waitForTimeout(3_000);
  return page.evaluate(() => {
    const select = document.querySelector<HTMLSelectElement>("#quality")!;
    const video = document.querySelector("video")!;
    return { quality: select.selectedOptions[0]!.textContent!, rate: video.playbackRate, playing: !video.paused && video.currentTime > 0 };
  });
}

describe("settings the player honours", () => {
  it("starts the next video at the chosen quality, speed and autoplay", { timeout: 180_000 }, async () => {
    const page = await browser.context.newPage();
    const errors = consoleErrors(page);
    await signInThroughForm(page, dev.edgeUrl, user);

    await saveSettings(page, "360p", false, "1.5");
    const chosen = await openVideo(page);
    expect(chosen.quality).toMatch(/^360p · /);
    expect(chosen.rate).toBe(1.5);
    expect(chosen.playing).toBe(false);

    await saveSettings(page, "auto", true, "1");
    const automatic = await openVideo(page);
    expect(automatic.quality).toBe("Auto");
    expect(automatic.rate).toBe(1);
    expect(automatic.playing).toBe(true);
    expect(errors).toEqual([]);
  });
});
