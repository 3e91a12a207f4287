import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleErrors, signInThroughForm } from "../../local/testing/browser.js";
import { artifactPath, registerUser, startStory, stepLog, uploadClip, type Story } from "../../local/testing/browser-story.js";

/**
 * Caption tracks through the front door, in the web app's player (dash.js in Chromium) and in a stock
 * HLS reader (ffprobe): a track added while the video is still encoding, another once it is ready; the
 * viewer's captions_language picks the first one shown, a menu choice is remembered, and each choice shows its
 * own language's cues however fast the viewer switches, the previous choice's file still on its way.
 */
const runId = crypto.randomUUID().slice(0, 8);
const user = { name: "Caption Tester", email: `captions-${runId}@example.test`, password: "captions-password" };
/** Long enough (three rungs at 480p, 2-3x real time here) that the encode is still running once it is playable. */
const SOURCE = { width: 854, height: 480, seconds: 24 };
const ENGLISH = "WEBVTT\n\n00:00:00.000 --> 00:00:23.000\nHello from the English captions\n";
const FRENCH = "1\n00:00:00,000 --> 00:00:23,000\nBonjour des sous-titres\n";
/** The whole story, with an encode beside the platform and a browser on a shared 2-core machine. */
const TEST_TIMEOUT_MS = 600_000;

const execFileAsync = promisify(execFile);
let story: Story;
let token: string;
const api: Story["api"] = (...call) => story.api(...call);
const step = stepLog("captions");

beforeAll(async () => {
  story = await startStory({ name: "captions", clip: SOURCE });
  token = await registerUser(story, user);
});

afterAll(() => story?.stop());

const upload = () => uploadClip(story, token, `Captions ${runId}`);

const details = async (id: string) => (await api("GET", `/videos/${id}`, { token })).body.data;

/** The watch page's player once a cue is on screen: the menu's options and choice, and the cue text the video shows. */
async function captionsShown(page: Page) {
  return page.evaluate(() => {
    const select = document.querySelector<HTMLSelectElement>("#captions");
    const video = document.querySelector("video")!;
    const showing = Array.from(video.textTracks).filter((t) => t.mode === "showing");
    const cues = showing.flatMap((t) => Array.from(t.activeCues ?? []).map((c) => (c as VTTCue).text));
    return {
      options: select ? Array.from(select.options).map((o) => o.text) : [],
      chosen: select?.value ?? null,
      showing: showing.map((t) => t.language),
      cues,
      // Every cue the showing tracks hold (shown whenever playback is inside one), and where playback is.
      loaded: showing.flatMap((t) => Array.from(t.cues ?? []).map((c) => (c as VTTCue).text)),
      at: { time: Math.round(video.currentTime * 10) / 10, paused: video.paused, ended: video.ended },
    };
  });
}

/** Starts playback muted (no user gesture needed); play()'s promise settles only once frames play, so it is not awaited. */
const playFrom = (page: Page, at?: number) =>
  page.locator("video").evaluate((v: HTMLVideoElement, seconds) => {
    v.muted = true;
    if (seconds !== null && (v.ended || v.currentTime > seconds + 20)) v.currentTime = seconds;
    void v.play().catch(() => undefined);
  }, at ?? null);

const CUE = { en: "Hello from the English captions", fr: "Bonjour des sous-titres" };
/** "<track language>: <cue text>" for each cue a track may hold: its own language's. */
const OWN_CUES = Object.entries(CUE).map(([language, text]) => `${language}: ${text}`);
/** How late each caption file arrives once the browser asks for it (in flight meanwhile). */
const CAPTION_FILE_DELAY_MS = 3_000;
/** A caption file on the CDN, `videos/<id>/captions/<language>.<version>.vtt`: its language. */
const CAPTION_FILE = /\/captions\/([^/.]+)\.[^/]+\.vtt$/;

/** Holds back every caption file the page fetches; which languages were asked for and delivered, in order. */
async function delayCaptionFiles(page: Page) {
  const files = { requested: [] as string[], delivered: [] as string[] };
  await page.route(
    (url) => CAPTION_FILE.test(url.pathname),
    async (route) => {
      const language = CAPTION_FILE.exec(new URL(route.request().url()).pathname)![1]!;
      files.requested.push(language);
      try {
        const response = await route.fetch();
        await new Promise((resolve) => setTimeout(resolve, CAPTION_FILE_DELAY_MS));
        await route.fulfill({ response });
        files.delivered.push(language);
      } catch {
        // The page went away (reloaded, closed) with the file held back: nobody waits for it, and it is not delivered.
      }
    },
  );
  return files;
}

/** Runs in the page from its start: every 20 ms, records "<track language>: <cue text>" for each cue any text track holds. */
function watchCaptionCues() {
  const held = new Set<string>();
  (window as unknown as { captionCuesHeld: Set<string> }).captionCuesHeld = held;
  setInterval(() => {
    for (const track of Array.from(document.querySelector("video")?.textTracks ?? [])) {
      for (const cue of Array.from(track.cues ?? [])) held.add(`${track.language}: ${(cue as VTTCue).text}`);
    }
  }, 20);
}

const cuesEverHeld = (page: Page) =>
  page.evaluate(() => Array.from((window as unknown as { captionCuesHeld?: Set<string> }).captionCuesHeld ?? []));

/**
 * The menu's choice is on screen: the one showing track is that language's and holds its cue only, and no
 * track has ever held another language's cue on this visit. Watched from inside the cue: on a loaded machine the
 * 24 s video may have played past it (and ended), so the viewer goes back and plays.
 */
async function expectShown(page: Page, language: keyof typeof CUE) {
  await expect
    .poll(
      async () => {
        const shown = await captionsShown(page);
        if (shown.cues.length === 0) await playFrom(page, 1);
        return shown;
      },
      { timeout: 30_000 },
    )
    .toMatchObject({ chosen: language, showing: [language], cues: [CUE[language]], loaded: [CUE[language]] });
  expect((await cuesEverHeld(page)).filter((held) => !OWN_CUES.includes(held))).toEqual([]);
}

describe("captions", () => {
  it(
    "added while the video encodes and once it is ready: listed in the player's menu, shown, chosen and remembered",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await step("start");
      const id = await upload();
      await step("uploaded");
      // Playable while still encoding: the duration is known, captions can be added.
      await expect
        .poll(
          async () => {
            const { video } = await details(id);
            return video.status === "processing" && video.playable ? "playable" : video.status;
          },
          { timeout: 120_000, interval: 250 },
        )
        .toBe("playable");
      await step("playable");
      const english = await api("PUT", `/videos/${id}/captions/en`, {
        token,
        json: { label: "English", kind: "captions", content: ENGLISH },
      });
      expect(english.status).toBe(201);
      const { video: during, manifest_url } = await details(id);
      expect(during.status).toBe("processing");
      const mpd = await (await fetch(manifest_url)).text();
      expect(mpd).toContain('type="dynamic"');
      expect(mpd).toMatch(/<AdaptationSet[^>]*contentType="text"[^>]*lang="en"/);

      // The viewer's setting picks English; the player shows it while the video still encodes.
      expect((await api("PUT", "/users/me/settings", { token, json: { captions_language: "en" } })).status).toBe(200);
      const page = await story.browser.context.newPage();
      const errors = consoleErrors(page);
      await signInThroughForm(page, story.dev.edgeUrl, user);
      await step("caption added while encoding, signed in");
      await page.goto(`${story.dev.edgeUrl}/watch/${id}`);
      await page.locator("#captions").waitFor({ timeout: 60_000 });
      await playFrom(page);
      await expect
        .poll(() => captionsShown(page), { timeout: 60_000 })
        .toMatchObject({ options: ["Off", "English"], chosen: "en", showing: ["en"], cues: ["Hello from the English captions"] });
      await page.screenshot({ path: artifactPath("captions-encoding.png") });
      await step("English cue shown");

      // Ready: a second track, in SRT, sent through a presigned upload.
      await expect.poll(async () => (await details(id)).video.status, { timeout: 180_000, interval: 500 }).toBe("ready");
      const bytes = new TextEncoder().encode(FRENCH);
      const presigned = await api("POST", `/videos/${id}/captions/fr/upload`, { token, json: { size_bytes: bytes.byteLength } });
      const { url, headers } = presigned.body.data.upload;
      expect((await fetch(url, { method: "PUT", headers, body: bytes })).status).toBe(200);
      const french = await api("POST", `/videos/${id}/captions/fr/complete`, { token, json: { label: "Français", kind: "subtitles" } });
      expect(french.status).toBe(201);
      await step("ready, French uploaded");

      // From here every caption file arrives late, so each choice below is made while the file of the one
      // before is still on its way; a watcher in the page records every cue each track ever held.
      const lateFiles = await delayCaptionFiles(page);
      await page.addInitScript(watchCaptionCues);
      await page.reload();
      await page.locator("#captions").waitFor({ timeout: 60_000 });
      await playFrom(page);
      await expect.poll(async () => (await captionsShown(page)).options, { timeout: 30_000 }).toEqual(["Off", "English", "Français"]);
      // The remembered English is on its way when the viewer switches to French.
      await expect.poll(() => lateFiles.requested, { timeout: 60_000 }).toContain("en");
      expect((await captionsShown(page)).chosen).toBe("en");
      await page.locator("#captions").selectOption({ label: "Français" });
      await expect.poll(() => lateFiles.delivered, { timeout: 60_000 }).toEqual(expect.arrayContaining(["en", "fr"]));
      await expectShown(page, "fr");
      await step("French chosen while English loaded, shown");

      // Remembered: the next visit starts with French, although the setting says English. Its file on the
      // way, the viewer switches to English and, with that file on the way too, back to French.
      lateFiles.requested.length = 0;
      lateFiles.delivered.length = 0;
      await page.reload();
      await page.locator("#captions").waitFor({ timeout: 60_000 });
      await playFrom(page);
      await expect.poll(() => captionsShown(page), { timeout: 60_000 }).toMatchObject({ chosen: "fr", showing: ["fr"] });
      await expect.poll(() => lateFiles.requested, { timeout: 60_000 }).toContain("fr");
      await page.locator("#captions").selectOption({ label: "English" });
      await expect.poll(() => lateFiles.requested, { timeout: 10_000 }).toContain("en");
      await page.locator("#captions").selectOption({ label: "Français" });
      await expect.poll(() => lateFiles.delivered, { timeout: 60_000 }).toEqual(expect.arrayContaining(["en", "fr"]));
      await expectShown(page, "fr");
      // Both files in, each choice shows its own language.
      await page.locator("#captions").selectOption({ label: "English" });
      await expectShown(page, "en");
      await page.locator("#captions").selectOption({ label: "Français" });
      await expectShown(page, "fr");
      await step("switched back and forth while files loaded, each language shown");

      // The choice stands on the next visit; then the viewer turns captions off.
      await page.reload();
      await page.locator("#captions").waitFor({ timeout: 60_000 });
      await playFrom(page);
      await expect.poll(() => captionsShown(page), { timeout: 60_000 }).toMatchObject({ chosen: "fr", showing: ["fr"] });
      await page.locator("#captions").selectOption({ label: "Off" });
      await expect.poll(async () => (await captionsShown(page)).showing, { timeout: 10_000 }).toEqual([]);
      await page.screenshot({ path: artifactPath("captions-ready.png") });
      expect(errors).toEqual([]);
      await page.close();

      await step("choice remembered, off");
      // A stock HLS reader, ffprobe (FFmpeg 5.1 here), through the CDN emulator: it opens the signed master; its
      // HLS demuxer lists no SUBTITLES renditions (that came in later FFmpeg releases), so each rendition's
      // playlist, as the master names it, is opened the same way and must hold the WebVTT track.
      const probe = async (url: string) =>
        JSON.parse(
          (await execFileAsync("ffprobe", ["-v", "error", "-print_format", "json", "-show_streams", url], { timeout: 60_000 })).stdout,
        ).streams as { codec_type: string; codec_name: string }[];
      const { hls_url } = await details(id);
      expect((await probe(hls_url)).some((s) => s.codec_type === "video")).toBe(true);
      const master = await (await fetch(hls_url)).text();
      const renditions = [...master.matchAll(/^#EXT-X-MEDIA:TYPE=SUBTITLES,.*LANGUAGE="([^"]+)".*URI="([^"]+)"$/gm)];
      expect(renditions.map((m) => m[1])).toEqual(["en", "fr"]);
      for (const [, , uri] of renditions) {
        expect((await probe(uri!)).map((s) => [s.codec_type, s.codec_name])).toEqual([["subtitle", "webvtt"]]);
      }
      await step("ffprobe");
    },
  );
});
