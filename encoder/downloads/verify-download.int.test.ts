import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ffmpegCli, makeClip } from "../media/test-media.js";
import { DamagedDownloadError, verifyDownload } from "./verify-download.js";

/**
 * The check on the joined file against real ffmpeg output: a 4 s clip packaged as DASH (0.5 s segments,
 * ffmpeg's names), its tracks joined and remuxed with `-c copy` as the downloader does, after damaging
 * one segment of the video in the middle. `-c copy` exits 0 every time; only the check says no.
 */
const SECONDS = 4;
const whole = { video: SECONDS, audio: SECONDS };
let dir: string;
let segments: Map<string, Buffer>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vod-verify-download-"));
  const source = await makeClip(join(dir, "clip.mp4"), { width: 426, height: 240, seconds: SECONDS, audio: true });
  const dash = join(dir, "dash");
  await mkdir(dash);
  await ffmpegCli(
    ["-i", source, "-map", "0:v", "-map", "0:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-sc_threshold", "0"]
      .concat(["-c:a", "aac", "-f", "dash", "-seg_duration", "0.5", "-use_template", "1", "-use_timeline", "1"])
      .concat(["-adaptation_sets", "id=0,streams=v id=1,streams=a", "-init_seg_name", "init-$RepresentationID$.m4s"])
      .concat(["-media_seg_name", "chunk-$RepresentationID$-$Number%05d$.m4s", join(dash, "manifest.mpd")]),
  );
  segments = new Map();
  for (const name of (await readdir(dash)).sort()) segments.set(name, await readFile(join(dash, name)));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Joins the (possibly damaged) segments per track and remuxes them as remuxDownload does; returns the file. */
async function joined(damage: (video: Buffer[]) => Buffer[] = (v) => v, withAudio = true): Promise<string> {
  const track = async (id: string, change: (chunks: Buffer[]) => Buffer[]) => {
    const chunks = [...segments].filter(([name]) => name.startsWith(`chunk-${id}-`)).map(([, bytes]) => Buffer.from(bytes));
    const path = join(dir, `${id}-${crypto.randomUUID()}.mp4`);
    await writeFile(path, Buffer.concat([segments.get(`init-${id}.m4s`)!, ...change(chunks)]));
    return path;
  };
  const inputs = ["-i", await track("0", damage), ...(withAudio ? ["-i", await track("1", (a) => a)] : [])];
  const output = join(dir, `out-${crypto.randomUUID()}.mp4`);
  await ffmpegCli([...inputs, "-map", "0:v:0", ...(withAudio ? ["-map", "1:a:0"] : []), "-c", "copy", "-f", "mp4", output]);
  return output;
}

const middle = 3;

describe("the check on a joined download", () => {
  it("passes the whole file", async () => {
    await expect(verifyDownload(await joined(), whole)).resolves.toBeUndefined();
  });

  it("refuses a video track cut short by a damaged fragment header, though the audio keeps the file's length", async () => {
    const file = joined((v) => v.map((c, i) => (i === middle ? Buffer.concat([Buffer.alloc(200, "x"), c.subarray(200)]) : c)));
    await expect(verifyDownload(await file, whole)).rejects.toThrow(/the video track is 1\.5 s long where its segments promise 4 s/);
  });

  it("refuses frames that do not decode, though every length is right", async () => {
    const junk = (c: Buffer) =>
      Buffer.concat([c.subarray(0, 5000), Buffer.from(crypto.getRandomValues(new Uint8Array(10_000))), c.subarray(15_000)]);
    const file = await joined((v) => v.map((c, i) => (i === middle ? junk(c) : c)));
    await expect(verifyDownload(file, whole)).rejects.toThrow(DamagedDownloadError);
    await expect(verifyDownload(file, whole)).rejects.toThrow("frames of the joined file do not decode");
  });

  it("refuses a file without the audio its rendition has", async () => {
    await expect(verifyDownload(await joined(undefined, false), whole)).rejects.toThrow("the audio track is missing from the joined file");
    await expect(verifyDownload(await joined(undefined, false), { video: SECONDS, audio: null })).resolves.toBeUndefined();
  });
});
