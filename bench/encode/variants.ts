import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { buildLadderArgs, packageVideo, QUIET_ARGS, type MediaInfo, type Rung } from "../../encoder/media/index.js";
import { run } from "./timed.js";

export interface EncodeInput {
  source: string;
  info: MediaInfo;
  rungs: Rung[];
}

export interface Variant {
  name: string;
  /** What it does, for the report. */
  label: string;
  /** The ffmpeg command lines it runs, `<out>` standing for its output folder. */
  commands(input: EncodeInput): string[][];
  run(input: EncodeInput, outDir: string): Promise<unknown>;
}

export async function freshDir(dir: string): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

/** The one-process ladder, exactly as `buildLadderArgs` makes it for the pipeline (no poster/storyboard). */
const ladderArgs = (i: EncodeInput, outDir: string) => [
  ...QUIET_ARGS,
  ...buildLadderArgs({ source: i.source, outDir, info: i.info, rungs: i.rungs }),
];

/** One process per rung with the identical encoder arguments; the audio rides with the smallest rung. */
function perRungArgs(i: EncodeInput, outDir: string): string[][] {
  return i.rungs.map((rung, k) => {
    const info: MediaInfo = { ...i.info, hasAudio: i.info.hasAudio && k === i.rungs.length - 1 };
    return [...QUIET_ARGS, ...buildLadderArgs({ source: i.source, outDir: join(outDir, rung.name), info, rungs: [rung] })];
  });
}

/**
 * The seed's way: transcode ONE rendition (the top rung, our encoder arguments) to an MP4, then copy-remux
 * that file to DASH. Both commands come from `buildLadderArgs` for that one rung, split at the dash muxer.
 */
function seedArgs(i: EncodeInput, outDir: string): [string[], string[]] {
  const args = ladderArgs({ ...i, rungs: i.rungs.slice(0, 1) }, outDir);
  const muxer = args.findIndex((a, k) => a === "-f" && args[k + 1] === "dash");
  if (muxer < 0) throw new Error("no dash muxer in the ladder arguments");
  const mp4 = join(outDir, "rendition.mp4");
  return [
    [...args.slice(0, muxer), "-movflags", "+faststart", mp4],
    [...QUIET_ARGS, "-i", mp4, "-map", "0", "-c", "copy", ...args.slice(muxer)],
  ];
}

export const VARIANTS: Variant[] = [
  {
    name: "pipeline",
    label: "`packageVideo`: the ladder + poster + storyboard in one ffmpeg process, our wrapper, sprite tiling",
    commands: () => [["(packageVideo)"]],
    run: (i, outDir) => packageVideo({ source: i.source, outDir, info: i.info, rungs: i.rungs }),
  },
  {
    name: "raw",
    label: "the same ladder as ONE raw ffmpeg command, identical encoder arguments",
    commands: (i) => [ladderArgs(i, "<out>")],
    run: (i, outDir) => run("ffmpeg", ladderArgs(i, outDir)),
  },
  {
    name: "seed",
    label: "the seed's strategy: one rendition (top rung) to MP4, then `-c copy` to DASH",
    commands: (i) => seedArgs(i, "<out>"),
    run: async (i, outDir) => {
      for (const args of seedArgs(i, outDir)) await run("ffmpeg", args);
    },
  },
  {
    name: "parallel",
    label: "one ffmpeg process per rung, all in parallel, identical encoder arguments",
    commands: (i) => perRungArgs(i, "<out>"),
    run: async (i, outDir) => {
      await Promise.all(i.rungs.map((r) => mkdir(join(outDir, r.name), { recursive: true })));
      await Promise.all(perRungArgs(i, outDir).map((args) => run("ffmpeg", args)));
    },
  },
];

export { ladderArgs };
