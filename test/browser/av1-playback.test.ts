import { writeFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleErrors, signInThroughForm } from "../../local/testing/browser.js";
import { artifactPath, registerUser, startStory, stepLog, uploadClip, type Story } from "../../local/testing/browser-story.js";

/**
 * AV1 where the browser decodes it, H.264 elsewhere, through the front door: the platform as `npm run dev`
 * starts it with ENCODER_AV1=true encodes an uploaded video with both codecs; the stored manifests list
 * both; the web app's watch page in Chromium (Debian's, which decodes AV1 with dav1d) fetches and decodes
 * the AV1 representations, and a page whose browser says it cannot decode AV1 fetches only H.264 ones.
 * Timings are written to test-results/av1-playback.json.
 */
const runId = crypto.randomUUID().slice(0, 8);
const user = { name: "AV1 Tester", email: `av1-${runId}@example.test`, password: "av1-playback-password" };
/** Small: two rungs per codec (360p, 240p), and SVT-AV1 costs about 3x x264's CPU on this 2-core machine. */
const SOURCE = { width: 640, height: 360, seconds: 6 };
/** The picture dash.js may show, whichever rung its bandwidth estimate picks. */
const RUNG_HEIGHTS = [240, 360];
/** The whole story, with an encode beside the platform and a browser on a shared 2-core machine. */
const TEST_TIMEOUT_MS = 240_000;

let story: Story;
let token: string;
let videoId: string;
/** The final MPD's video representations: id → codecs. */
let videoCodecs: Map<string, string>;
const api: Story["api"] = (...call) => story.api(...call);
const step = stepLog("av1-playback");

beforeAll(async () => {
  // The launcher hands its environment to the encoder workers (local/launcher/origin-processes.ts).
  story = await startStory({ name: "av1", clip: SOURCE, env: { ENCODER_AV1: "true" } });
  await step("platform ready");
  token = await registerUser(story, user);
}, TEST_TIMEOUT_MS);

afterAll(() => story?.stop());

const upload = () => uploadClip(story, token, `AV1 ${runId}`);

const details = async (id: string) => (await api("GET", `/videos/${id}`, { token })).body.data;

/** The MPD's video representations with their codecs (on the Representation, or inherited from its AdaptationSet). */
function videoRepresentations(mpd: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, open, body] of mpd.matchAll(/<AdaptationSet\b([^>]*)>([\s\S]*?)<\/AdaptationSet>/g)) {
    if (!/contentType="video"|mimeType="video\//.test(open!)) continue;
    const setCodecs = /\bcodecs="([^"]+)"/.exec(open!)?.[1];
    for (const [, attributes] of body!.matchAll(/<Representation\b([^>]*)>/g)) {
      const id = /\bid="([^"]+)"/.exec(attributes!)![1]!;
      found.set(id, /\bcodecs="([^"]+)"/.exec(attributes!)?.[1] ?? setCodecs ?? "");
    }
  }
  return found;
}

const isAv1 = (codecs: string) => codecs.startsWith("av01");

/**
 * Watches the video's segment requests (`chunk-<representation>-NNNNN.m4s`, `init-<representation>.m4s`)
 * and what Chromium's media stack reports about the player (DevTools' Media domain): the video decoder it
 * chose for the picture it decodes, e.g. "Dav1dVideoDecoder" for AV1, "FFmpegVideoDecoder" for H.264.
 */
async function watchMedia(page: Page) {
  const representations = new Set<string>();
  page.on("request", (request) => {
    const segment = /\/(?:chunk-([^-/]+)-\d+|init-([^/]+))\.m4s(?:\?|$)/.exec(request.url());
    if (segment) representations.add(segment[1] ?? segment[2]!);
  });
  const decoders = new Set<string>();
  const cdp = await page.context().newCDPSession(page);
  cdp.on("Media.playerPropertiesChanged", ({ properties }) => {
    for (const p of properties) if (p.name === "kVideoDecoderName") decoders.add(String(p.value));
  });
  await cdp.send("Media.enable");
  return {
    /** The video representations segments were fetched for, with their codecs from the MPD. */
    videoCodecsFetched: () => [...representations].filter((r) => videoCodecs.has(r)).map((r) => videoCodecs.get(r)!),
    decoders,
  };
}

/** Signs in, opens the watch page, presses play (muted: no user gesture needed) and waits until it has played past 1 s. */
async function watch(page: Page) {
  await signInThroughForm(page, story.dev.edgeUrl, user);
  await page.goto(`${story.dev.edgeUrl}/watch/${videoId}`);
  const video = page.locator("video");
  await video.waitFor();
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    void v.play().catch(() => undefined);
  });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 60_000, interval: 250 }).toBeGreaterThan(1);
  return video.evaluate((v: HTMLVideoElement) => {
    const quality = v.getVideoPlaybackQuality();
    return { totalVideoFrames: quality.totalVideoFrames, width: v.videoWidth, height: v.videoHeight, error: v.error?.message ?? null };
  });
}

describe("AV1 playback (ENCODER_AV1=true)", () => {
  it("encodes an upload with both codecs: the stored manifests list H.264 and AV1 rungs", { timeout: TEST_TIMEOUT_MS }, async () => {
    videoId = await upload();
    await step("uploaded");
    await expect.poll(async () => (await details(videoId)).video.status, { timeout: 180_000, interval: 500 }).toBe("ready");
    await step("ready");
    const { manifest_url, hls_url } = await details(videoId);
    // The MPD through the edge, as the player reads it.
    const mpd = await (await fetch(manifest_url)).text();
    await writeFile(artifactPath("av1-playback.mpd"), mpd);
    expect(mpd).toMatch(/\btype="static"/);
    videoCodecs = videoRepresentations(mpd);
    const codecs = [...videoCodecs.values()];
    expect(codecs.filter((c) => c.startsWith("avc1")).length).toBeGreaterThan(0);
    expect(codecs.filter(isAv1).length).toBeGreaterThan(0);
    // Two video AdaptationSets: dash.js switches representations within one, so a codec is chosen once.
    expect(mpd.match(/<AdaptationSet\b[^>]*contentType="video"/g)).toHaveLength(2);

    const master = await (await fetch(hls_url)).text();
    const variants = [...master.matchAll(/^#EXT-X-STREAM-INF:.*CODECS="([^"]+)"/gm)].map((m) => m[1]!.split(",")[0]!.split(".")[0]);
    expect(new Set(variants)).toEqual(new Set(["avc1", "av01"]));
    await step("manifests list both codecs");
  });

  it("plays the AV1 representations in a browser that decodes AV1", { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await story.browser.context.newPage();
    const errors = consoleErrors(page);
    const av1Codecs = [...new Set([...videoCodecs.values()].filter(isAv1))];
    // This Chromium's MSE decodes every AV1 codecs string the MPD names: the premise of what follows.
    await page.goto(`${story.dev.edgeUrl}/`);
    const supported = await page.evaluate((list) => list.map((c) => MediaSource.isTypeSupported(`video/mp4; codecs="${c}"`)), av1Codecs);
    expect(supported).toEqual(av1Codecs.map(() => true));

    const media = await watchMedia(page);
    const played = await watch(page);
    expect(played.error).toBeNull();
    expect(RUNG_HEIGHTS).toContain(played.height);
    expect(played.totalVideoFrames).toBeGreaterThan(0);
    const fetched = media.videoCodecsFetched();
    expect(fetched.length).toBeGreaterThan(0);
    expect(
      fetched.filter((c) => !isAv1(c)),
      `video fetched: ${fetched.join(", ")}`,
    ).toEqual([]);
    // What Chromium decoded the picture with: dav1d is its AV1 decoder.
    await expect.poll(() => [...media.decoders], { timeout: 10_000 }).toEqual(["Dav1dVideoDecoder"]);
    await page.screenshot({ path: artifactPath("av1-playback.png") });
    expect(errors).toEqual([]);
    await page.close();
    await step(`AV1 played: fetched ${[...new Set(fetched)].join(", ")}, decoded by ${[...media.decoders].join(", ")}`);
  });

  it("plays the H.264 representations in a browser that does not decode AV1", { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await story.browser.context.newPage();
    const errors = consoleErrors(page);
    // A browser without AV1 says so in both places a player asks, before any script of the page runs:
    // MSE's isTypeSupported and the Media Capabilities API (dash.js asks the latter by default).
    await page.addInitScript(() => {
      const av1 = (type: string | undefined) => /codecs="?av01/i.test(type ?? "");
      const isTypeSupported = MediaSource.isTypeSupported.bind(MediaSource);
      MediaSource.isTypeSupported = (type: string) => !av1(type) && isTypeSupported(type);
      const capabilities = navigator.mediaCapabilities;
      const decodingInfo = capabilities.decodingInfo.bind(capabilities);
      capabilities.decodingInfo = (configuration: MediaDecodingConfiguration) =>
        av1(configuration.video?.contentType)
          ? Promise.resolve({ supported: false, smooth: false, powerEfficient: false } as MediaCapabilitiesDecodingInfo)
          : decodingInfo(configuration);
    });
    const media = await watchMedia(page);
    const played = await watch(page);
    expect(played.error).toBeNull();
    expect(RUNG_HEIGHTS).toContain(played.height);
    expect(played.totalVideoFrames).toBeGreaterThan(0);
    const fetched = media.videoCodecsFetched();
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.filter(isAv1), `video fetched: ${fetched.join(", ")}`).toEqual([]);
    await expect.poll(() => media.decoders.size, { timeout: 10_000 }).toBeGreaterThan(0);
    expect([...media.decoders]).not.toContain("Dav1dVideoDecoder");
    expect(errors).toEqual([]);
    await page.close();
    await step(`H.264 played: fetched ${[...new Set(fetched)].join(", ")}, decoded by ${[...media.decoders].join(", ")}`);
  });
});
