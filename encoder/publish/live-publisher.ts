import type { S3Client } from "@aws-sdk/client-s3";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { objectHeadersFor, uploadFiles, uploadText } from "../storage/index.js";
import { FINAL_MANIFEST_CACHE, LIVE_MANIFEST_CACHE } from "./cache-policy.js";
import { isFinalManifest, manifestKind, referencedFiles, type ManifestKind } from "./manifest-references.js";
import { storedVariantsOnly } from "./stored-variants.js";

const DEFAULT_POLL_MS = 250;
// Playlists first, then the master that names them, then the DASH manifest: each after what it names.
const STORE_ORDER: Record<ManifestKind, number> = { "hls-media": 0, "hls-master": 1, mpd: 2 };
// ffmpeg writes each file as `<name>.tmp` and renames it once complete.
const IN_PROGRESS = /\.tmp$/;
// Names a manifest may use: a file in the same folder, never a path.
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.$%-]*$/;

export interface StoredManifest {
  name: string;
  kind: ManifestKind;
  key: string;
  text: string;
  final: boolean;
  /** Every file the manifest names, each stored before it. */
  references: string[];
}

export interface LivePublisherOptions {
  s3: S3Client;
  bucket: string;
  /** The folder ffmpeg writes into. */
  dir: string;
  /** The revision folder in storage, ending with `/`. */
  keyPrefix: string;
  hlsMasterName: string;
  pollMs?: number;
  concurrency?: number;
  signal?: AbortSignal;
  /** Awaited after each manifest version is stored, before the next store. */
  onManifestStored?: (manifest: StoredManifest) => void | Promise<void>;
}

/** What `finish` stored (the last segments, poster, storyboard, every manifest in its final form), and how long it took. */
export interface FinishTimings {
  files: number;
  ms: number;
}

/**
 * Streams an encode to storage while ffmpeg writes it: every poll, each manifest that changed is stored
 * once every segment (and playlist) it names is stored, so no stored manifest ever names a missing file.
 * Segments are stored when a manifest first names them (by then ffmpeg has finished and renamed them);
 * files no manifest names (poster, storyboard) wait for `finish`.
 */
export class LivePublisher {
  private readonly stored = new Set<string>();
  private readonly manifests = new Map<string, { text: string; final: boolean }>();
  private loop: Promise<void> | undefined;
  private stopping = false;
  private readonly quit = new AbortController();

  constructor(private readonly o: LivePublisherOptions) {}

  /** Starts polling; `onFailure` hears of the first storage error (the caller stops ffmpeg). */
  start(onFailure: (err: unknown) => void): void {
    this.loop = this.poll().catch((err: unknown) => {
      onFailure(err);
      throw err;
    });
    // Rethrown by finish(); never an unhandled rejection meanwhile.
    this.loop.catch(() => undefined);
  }

  /** Stops polling without storing more (the encode failed or was handed back). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.quit.abort();
    await this.loop?.catch(() => undefined);
  }

  /**
   * ffmpeg is done: stores every remaining file of `files` (relative to the folder) and each manifest in
   * its final form, each after what it names, the DASH manifest last; the files no manifest names at the
   * same time. Rejects with the polling's error if it had one.
   */
  async finish(files: readonly string[]): Promise<FinishTimings> {
    this.stopping = true;
    this.quit.abort();
    await this.loop;
    const started = performance.now();
    const manifests = files.filter((f) => manifestKind(f, this.o.hlsMasterName) !== null);
    const named = new Set<string>();
    for (const name of manifests) {
      const text = await readFile(join(this.o.dir, name), "utf8");
      for (const r of referencedFiles(manifestKind(name, this.o.hlsMasterName)!, text)) named.add(r);
    }
    // What no manifest names (poster, storyboard) goes beside the manifests, which store what they name first.
    const unnamed = files.filter((f) => !named.has(f) && !manifests.includes(f) && !this.stored.has(f));
    const segments = files.filter((f) => named.has(f) && !this.stored.has(f)).length;
    await allOrFirstError([this.upload(unnamed), this.storeManifests(files, true)]);
    return { files: unnamed.length + segments + manifests.length, ms: performance.now() - started };
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      const names = (await listFolder(this.o.dir)).filter((n) => !IN_PROGRESS.test(n));
      await this.storeManifests(names, false);
      await sleep(this.o.pollMs ?? DEFAULT_POLL_MS, undefined, { signal: this.quit.signal }).catch(() => undefined);
    }
  }

  /**
   * Stores each changed manifest after what it names, in STORE_ORDER: the manifests of one kind (the
   * HLS media playlists) at once, since none names another, then the next kind.
   */
  private async storeManifests(names: readonly string[], ending: boolean): Promise<void> {
    const local = new Set(names);
    const byKind = new Map<ManifestKind, string[]>();
    for (const name of names) {
      const kind = manifestKind(name, this.o.hlsMasterName);
      if (kind) byKind.set(kind, [...(byKind.get(kind) ?? []), name]);
    }
    const kinds = [...byKind.keys()].sort((a, b) => STORE_ORDER[a] - STORE_ORDER[b]);
    for (const kind of kinds) {
      if (!ending && this.stopping) return;
      // Settled, not raced: after a failure nothing of this round may still be writing into the revision.
      await allOrFirstError(byKind.get(kind)!.map((name) => this.storeManifest(name, kind, local, ending)));
    }
  }

  private async storeManifest(name: string, kind: ManifestKind, local: Set<string>, ending: boolean): Promise<void> {
    const written = await readFile(join(this.o.dir, name), "utf8");
    // While the encode runs, the master lists what is stored (stored-variants.ts); whole at the end.
    const text = kind === "hls-master" && !ending ? storedVariantsOnly(written, (n) => this.stored.has(n)) : written;
    if (text === null) return;
    // ffmpeg writes the master once; it is stored again at the end only to be cached as final.
    const final = kind === "hls-master" ? ending : isFinalManifest(kind, text);
    const previous = this.manifests.get(name);
    if (previous && previous.text === text && previous.final === final) return;
    // The static DASH manifest says the video is whole: it waits for `finish`, after everything else.
    if (!ending && kind === "mpd" && final) return;
    const references = referencedFiles(kind, text);
    const bad = references.find((r) => !PLAIN_NAME.test(r));
    if (bad !== undefined) throw new Error(`${name} names ${JSON.stringify(bad)}, which is not a file of its folder`);
    const pending = references.filter((r) => !this.stored.has(r));
    // Playlists must have been stored as manifests; segments must be complete on disk.
    const missingOf = () => pending.filter((r) => manifestKind(r, this.o.hlsMasterName) !== null || !local.has(r));
    let missing = missingOf();
    if (missing.length > 0 && !ending) {
      // The manifest may be newer than the listing: ffmpeg rewrites it after every segment of every
      // track (with 1 s audio segments, several times a second), faster than one round stores the
      // playlists before it. What it names was complete before it was written, so a fresh listing has it.
      for (const n of await listFolder(this.o.dir)) if (!IN_PROGRESS.test(n)) local.add(n);
      missing = missingOf();
    }
    if (missing.length > 0) {
      if (ending) throw new Error(`${name} names ${missing[0]}, which the encode did not produce`);
      return;
    }
    await this.upload(pending);
    const key = this.o.keyPrefix + name;
    const headers = { contentType: objectHeadersFor(name).contentType, cacheControl: final ? FINAL_MANIFEST_CACHE : LIVE_MANIFEST_CACHE };
    await uploadText(this.o.s3, { bucket: this.o.bucket, key, text, headers, signal: this.o.signal });
    this.stored.add(name);
    this.manifests.set(name, { text, final });
    await this.o.onManifestStored?.({ name, kind, key, text, final, references });
  }

  private async upload(files: readonly string[]): Promise<void> {
    if (files.length === 0) return;
    await uploadFiles(this.o.s3, {
      bucket: this.o.bucket,
      dir: this.o.dir,
      files,
      keyPrefix: this.o.keyPrefix,
      concurrency: this.o.concurrency,
      signal: this.o.signal,
    });
    for (const f of files) this.stored.add(f);
  }
}

/** The folder's entries; none yet when the encode has not created it. */
async function listFolder(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

/** Waits for every one of `work`, then rejects with the first failure if there was one. */
async function allOrFirstError(work: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}
