import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { makeClip } from "../../encoder/media/test-media.js";
import { launchChromium } from "./browser.js";
import { startDevPlatform, type DevPlatform } from "./dev-platform.js";
import { jsonApi } from "./json-api.js";

const ARTIFACTS = join(process.cwd(), "test-results");

/** Where a browser story keeps what it leaves for a person to look at (screenshots, saved files). */
export const artifactPath = (name: string) => join(ARTIFACTS, name);

/**
 * When each step of a long browser story was reached, written to test-results/<name>.json as it goes: where
 * the time went, or where it stopped, even when the test is killed by its timeout.
 */
export function stepLog(name: string) {
  const started = Date.now();
  const steps: { step: string; seconds: number }[] = [];
  return async (step: string) => {
    steps.push({ step, seconds: (Date.now() - started) / 1000 });
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(join(ARTIFACTS, `${name}.json`), JSON.stringify(steps, null, 2));
  };
}

export interface StoryOptions {
  /** Names the scratch folder and the clip. */
  name: string;
  clip: { width: number; height: number; seconds: number };
  /** Overrides for `npm run dev`'s processes, e.g. `{ ENCODER_AV1: "true" }`. */
  env?: Record<string, string>;
}

export interface Story {
  dev: DevPlatform;
  browser: Awaited<ReturnType<typeof launchChromium>>;
  api: ReturnType<typeof jsonApi>;
  /** A folder of the story's own, removed by stop(). */
  scratch: string;
  /** The clip with audio, as an upload would bring it. */
  source: string;
  stop(): Promise<void>;
}

/**
 * `npm run dev`, Chromium and a clip, made at the same time (each takes seconds); if any fails, what did
 * start is stopped again and the first failure is thrown.
 */
export async function startStory(o: StoryOptions): Promise<Story> {
  await mkdir(ARTIFACTS, { recursive: true });
  const scratch = await mkdtemp(join(tmpdir(), `vod-${o.name}-`));
  const source = join(scratch, `${o.name}.mp4`);
  const [generated, platform, launched] = await Promise.allSettled([
    makeClip(source, { ...o.clip, audio: true, preset: "veryfast" }),
    startDevPlatform(o.env),
    launchChromium(),
  ]);
  const dev = platform.status === "fulfilled" ? platform.value : undefined;
  const browser = launched.status === "fulfilled" ? launched.value : undefined;
  const stop = async () => {
    await browser?.close();
    await dev?.stop();
    await rm(scratch, { recursive: true, force: true });
  };
  for (const result of [generated, platform, launched]) {
    if (result.status === "rejected") {
      await stop();
      throw result.reason;
    }
  }
  return { dev: dev!, browser: browser!, api: jsonApi(() => dev!.edgeUrl), scratch, source, stop };
}

/** Registers a user through the API; their access token. */
export async function registerUser(story: Story, user: { name: string; email: string; password: string }): Promise<string> {
  const registered = await story.api("POST", "/auth/register", { json: user });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  return registered.body.data.token as string;
}

/** Uploads the story's clip through the API (one PUT), as the upload page does, and queues its encode; the video id. */
export async function uploadClip(story: Story, token: string, title: string): Promise<string> {
  const bytes = await readFile(story.source);
  const created = await story.api("POST", "/uploads", {
    token,
    json: { title, visibility: "public", filename: basename(story.source), content_type: "video/mp4", size_bytes: bytes.byteLength },
  });
  if (created.status !== 201) throw new Error(`POST /uploads answered ${created.status}`);
  const { video, upload: put } = created.body.data;
  const stored = await fetch(put.url, { method: "PUT", headers: put.headers, body: bytes });
  if (stored.status !== 200) throw new Error(`the upload PUT answered ${stored.status}`);
  const completed = await story.api("POST", `/uploads/${video.id}/complete`, { token });
  if (completed.status !== 202) throw new Error(`complete answered ${completed.status}`);
  return video.id as string;
}
