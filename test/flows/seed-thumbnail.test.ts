import { ffmpegCli, makeClip } from "../../encoder/media/test-media.js";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../local/testing/jetstream.js";
import { edgeServer } from "../../local/testing/edge-harness.js";
import { jsonApi } from "../../local/testing/json-api.js";

/**
 * The seed-compatible upload as its clients use it: presigned URLs for a video and a thumbnail, both
 * stored, then the webhook. The stored thumbnail, not a frame of the video, is the poster viewers get;
 * something that is not an image leaves the generated one.
 */
const run = promisify(execFile);
let edge: Awaited<ReturnType<typeof edgeServer>>;
let scratch: string;

beforeAll(async () => {
  edge = await edgeServer();
  scratch = await mkdtemp(join(tmpdir(), "vod-seed-thumb-"));
});
afterAll(async () => {
  await edge?.close();
  await rm(scratch, { recursive: true, force: true });
});

const api = jsonApi(() => edge.url);

/** The image's mean colour, by ffmpeg scaling it to one pixel. */
async function meanColour(bytes: Uint8Array): Promise<number[]> {
  const path = join(scratch, `poster-${crypto.randomUUID()}`);
  await writeFile(path, bytes);
  const { stdout } = await run("ffmpeg", ["-v", "error", "-i", path, "-vf", "scale=1:1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], {
    encoding: "buffer",
  });
  return [...stdout.subarray(0, 3)];
}

async function seedUpload(token: string, clip: Uint8Array<ArrayBuffer>, thumbnail: Uint8Array<ArrayBuffer>): Promise<string> {
  const urls = (await api("POST", "/videos/upload/presigned-url", { token })).body.data;
  expect((await fetch(urls.video_url, { method: "PUT", body: new Blob([clip]) })).status).toBe(200);
  expect((await fetch(urls.thumbnail_url, { method: "PUT", body: new Blob([thumbnail]) })).status).toBe(200);
  const hook = await api("POST", "/videos/upload/webhook", {
    token,
    json: { video_id: urls.video_id, thumbnail_id: urls.thumbnail_id, title: "Seed poster" },
  });
  expect(hook.status).toBe(200);
  return urls.video_id as string;
}

describe("the seed's uploaded thumbnail", () => {
  it("becomes the poster; a file that is not an image does not", { timeout: 240_000 }, async () => {
    const email = `seed-thumb-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const token = (await api("POST", "/auth/register", { json: { name: "Seed Client", email, password: "seed-password" } })).body.data
      .token as string;
    const clip = new Uint8Array(await readFile(await makeClip(join(scratch, "clip.mp4"), { width: 640, height: 360, seconds: 3 })));
    const red = join(scratch, "red.png");
    await ffmpegCli(["-f", "lavfi", "-i", "color=c=red:s=320x180", "-frames:v", "1", red]);

    const withImage = await seedUpload(token, clip, new Uint8Array(await readFile(red)));
    const withText = await seedUpload(token, clip, new TextEncoder().encode("<svg>not a poster</svg>"));
    for (const id of [withImage, withText]) {
      await eventually(async () => (await api("GET", `/videos/${id}`, { token })).body.data.video.status === "ready", 150_000);
    }
    const poster = async (id: string) => {
      const { poster_url } = (await api("GET", `/videos/${id}/playback`, { token })).body.data;
      const res = await fetch(poster_url);
      expect(res.headers.get("content-type")).toBe("image/jpeg");
      return meanColour(new Uint8Array(await res.arrayBuffer()));
    };
    const [r, g, b] = await poster(withImage);
    expect(r).toBeGreaterThan(200);
    expect(Math.max(g!, b!)).toBeLessThan(60);
    // testsrc2's frame: no solid red.
    const generated = await poster(withText);
    expect(generated[0]! > 200 && Math.max(generated[1]!, generated[2]!) < 60).toBe(false);
  });
});
