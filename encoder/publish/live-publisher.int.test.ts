import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "../../shared/config/parse-config.js";
import { storageConfigSchema } from "../../shared/config/storage-config.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { packageVideo, planLadder, probeMedia } from "../media/index.js";
import { HLS_MASTER_NAME } from "../media/ladder-args.js";
import { makeClip, tempDir } from "../media/test-media.js";
import { LivePublisher, type StoredManifest } from "./live-publisher.js";
import { newRevision } from "./revision.js";

const storage = parseConfig(storageConfigSchema, inject("stackEnv"));
const CLIP_SECONDS = 12;
let s3: S3Client;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  s3 = createS3Client(storage);
  tmp = await tempDir("live-publisher");
});

afterAll(async () => {
  s3?.destroy();
  await tmp?.remove();
});

const prefixFor = () => `videos/vid_live_${newRevision().id}/${newRevision().id}/`;

async function exists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: storage.S3_BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

async function read(key: string) {
  const out = await s3.send(new GetObjectCommand({ Bucket: storage.S3_BUCKET, Key: key }));
  return { text: (await out.Body?.transformToString()) ?? "", cacheControl: out.CacheControl };
}

describe("LivePublisher", () => {
  it("stores a real encode as it runs; every manifest version names only files already in storage", async () => {
    const source = await makeClip(join(tmp.dir, "clip.mp4"), { width: 640, height: 360, seconds: CLIP_SECONDS, audio: true });
    const info = await probeMedia(source);
    const outDir = join(tmp.dir, "out");
    const keyPrefix = prefixFor();
    let encoding = true;
    const versions: (StoredManifest & { duringEncode: boolean; missing: string[] })[] = [];
    const publisher = new LivePublisher({
      s3,
      bucket: storage.S3_BUCKET,
      dir: outDir,
      keyPrefix,
      hlsMasterName: HLS_MASTER_NAME,
      // Often, so even an idle machine that encodes this clip in a second or two shows growing versions.
      pollMs: 20,
      // The check runs at each store, before the next can happen.
      onManifestStored: async (m) => {
        const missing: string[] = [];
        for (const f of m.references) if (!(await exists(keyPrefix + f))) missing.push(f);
        versions.push({ ...m, duringEncode: encoding, missing });
      },
    });
    let failure: unknown;
    publisher.start((err) => (failure = err));
    const packaged = await packageVideo({ source, outDir, info, rungs: planLadder(info) });
    encoding = false;
    await publisher.finish(packaged.files);

    expect(failure).toBeUndefined();
    expect(versions.flatMap((v) => v.missing)).toEqual([]);
    const mpds = versions.filter((v) => v.kind === "mpd");
    // Growing versions while ffmpeg ran, each naming at least as many segments as the one before, then one static.
    const live = mpds.filter((v) => !v.final);
    expect(live.length).toBeGreaterThanOrEqual(1);
    // A store the poller began while ffmpeg ran may end just after packageVideo returned: what matters is
    // that every version before the final one grows, and that some were stored while the encode ran.
    expect(live.every((v) => v.text.includes('type="dynamic"'))).toBe(true);
    expect(live.some((v) => v.duringEncode)).toBe(true);
    const counts = live.map((v) => v.references.length);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(mpds.at(-1)?.final).toBe(true);
    expect(versions.at(-1)?.kind).toBe("mpd");
    // The master is stored only after the playlists it names.
    const firstMaster = versions.findIndex((v) => v.kind === "hls-master");
    const masterNames = versions[firstMaster]?.references ?? [];
    for (const name of masterNames) expect(versions.slice(0, firstMaster).some((v) => v.name === name)).toBe(true);

    const stored = await read(`${keyPrefix}manifest.mpd`);
    expect(stored.text).toContain('type="static"');
    expect(Number(/mediaPresentationDuration="PT([\d.]+)S"/.exec(stored.text)?.[1])).toBeCloseTo(CLIP_SECONDS, 0);
    expect(stored.cacheControl).toBe("public, max-age=86400");
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: storage.S3_BUCKET, Prefix: keyPrefix }));
    expect((listed.Contents ?? []).map((o) => o.Key?.slice(keyPrefix.length)).sort()).toEqual([...packaged.files].sort());
  });

  it("holds a manifest back until the segment it names is complete, and refuses to finish without it", async () => {
    const dir = join(tmp.dir, "held");
    await mkdir(dir);
    const keyPrefix = prefixFor();
    const stored: StoredManifest[] = [];
    const publisher = new LivePublisher({
      s3,
      bucket: storage.S3_BUCKET,
      dir,
      keyPrefix,
      hlsMasterName: HLS_MASTER_NAME,
      pollMs: 20,
      onManifestStored: (m) => void stored.push(m),
    });
    publisher.start(() => undefined);
    await writeFile(join(dir, "init-0.m4s"), "init");
    await writeFile(join(dir, "chunk-0-00001.m4s.tmp"), "still being written");
    await writeFile(join(dir, "media_0.m3u8"), '#EXTM3U\n#EXT-X-MAP:URI="init-0.m4s"\n#EXTINF:2.0,\nchunk-0-00001.m4s\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(stored).toEqual([]);
    expect(await exists(`${keyPrefix}media_0.m3u8`)).toBe(false);

    await rename(join(dir, "chunk-0-00001.m4s.tmp"), join(dir, "chunk-0-00001.m4s"));
    for (let i = 0; i < 100 && stored.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(stored.map((m) => [m.name, m.final])).toEqual([["media_0.m3u8", false]]);
    expect((await read(`${keyPrefix}media_0.m3u8`)).cacheControl).toBe("public, max-age=1");
    expect(await exists(`${keyPrefix}chunk-0-00001.m4s`)).toBe(true);

    await writeFile(
      join(dir, "media_0.m3u8"),
      '#EXTM3U\n#EXT-X-MAP:URI="init-0.m4s"\n#EXTINF:2.0,\nchunk-0-00001.m4s\n#EXTINF:2.0,\nchunk-0-00002.m4s\n#EXT-X-ENDLIST\n',
    );
    await expect(publisher.finish(["init-0.m4s", "chunk-0-00001.m4s", "media_0.m3u8"])).rejects.toThrow(
      /names chunk-0-00002\.m4s, which the encode did not produce/,
    );
    expect((await read(`${keyPrefix}media_0.m3u8`)).text).not.toContain("ENDLIST");
  });

  it("stores the live HLS master with the variants whose playlists are stored, then whole once the late one is", async () => {
    // ffmpeg writes the master naming every rendition at its first manifest, and the last AV1 rung's
    // playlist only a segment round later: the master that waited for it held the video from being playable.
    const dir = join(tmp.dir, "late-playlist");
    await mkdir(dir);
    const keyPrefix = prefixFor();
    const stored: StoredManifest[] = [];
    const publisher = new LivePublisher({
      s3,
      bucket: storage.S3_BUCKET,
      dir,
      keyPrefix,
      hlsMasterName: HLS_MASTER_NAME,
      pollMs: 20,
      onManifestStored: (m) => void stored.push(m),
    });
    const media = (id: number) => `#EXTM3U\n#EXT-X-MAP:URI="init-${id}.m4s"\n#EXTINF:1.0,\nchunk-${id}-00001.m4s\n`;
    const rendition = async (id: number) => {
      await writeFile(join(dir, `init-${id}.m4s`), "init");
      await writeFile(join(dir, `chunk-${id}-00001.m4s`), "segment");
      await writeFile(join(dir, `media_${id}.m3u8`), media(id));
    };
    const master = [
      "#EXTM3U",
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_2",DEFAULT=YES,URI="media_2.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=934400,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="group_A1"',
      "media_0.m3u8",
      "",
      '#EXT-X-STREAM-INF:BANDWIDTH=734400,RESOLUTION=640x360,CODECS="av01.0.01M.08,mp4a.40.2",AUDIO="group_A1"',
      "media_1.m3u8",
      "",
    ].join("\n");
    await rendition(0);
    await rendition(2);
    await writeFile(join(dir, HLS_MASTER_NAME), master);
    publisher.start(() => undefined);
    const storedMaster = async (count: number) => {
      for (let i = 0; i < 200 && stored.filter((m) => m.kind === "hls-master").length < count; i++)
        await new Promise((r) => setTimeout(r, 20));
      return (await read(keyPrefix + HLS_MASTER_NAME)).text;
    };
    const early = await storedMaster(1);
    expect(early).toContain("media_0.m3u8");
    expect(early).toContain('URI="media_2.m3u8"');
    expect(early).not.toContain("media_1.m3u8");

    await rendition(1);
    expect(await storedMaster(2)).toBe(master);
    const files = ["init-0.m4s", "chunk-0-00001.m4s", "media_0.m3u8", "init-1.m4s", "chunk-1-00001.m4s", "media_1.m3u8"];
    await publisher.finish([...files, "init-2.m4s", "chunk-2-00001.m4s", "media_2.m3u8", HLS_MASTER_NAME]);
    expect(stored.filter((m) => m.kind === "hls-master").map((m) => [m.references, m.final])).toEqual([
      [["media_2.m3u8", "media_0.m3u8"], false],
      [["media_2.m3u8", "media_0.m3u8", "media_1.m3u8"], false],
      [["media_2.m3u8", "media_0.m3u8", "media_1.m3u8"], true],
    ]);
  });
});
