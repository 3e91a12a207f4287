import type { BenchContext } from "../common/context.js";
import { say } from "../common/log.js";
import { median, showSpread, spread } from "../common/stats.js";
import { benchSource } from "../encode/source.js";
import type { Figure, Table, Verdict } from "../report/figure.js";
import { launchChromium } from "../../local/testing/browser.js";
import { apiClient } from "./client.js";
import { startDevStack } from "./dev-stack.js";
import { watchVideo, type Viewing, type ViewingStats } from "./first-frame.js";
import { chromiumLabel, cpuBetween, cpuSnapshot, machineBusySeconds, platformLabel, type CpuSnapshot } from "./process-cpu.js";
import { hopDurations, readTimeline, type Timeline } from "./timeline.js";

/** Every source plays for several seconds before it is ready; a run that never got this far froze. */
const MIN_PLAYED_SECONDS = 3;
/** Source lengths and their default run counts (each with and without a viewer): a 5 min 1080p encode takes several minutes on 2 cores. */
const SOURCES = [
  { seconds: 10, runs: 3 },
  { seconds: 60, runs: 2 },
  { seconds: 300, runs: 1 },
];
const WARM_UP_SECONDS = 2;
const LIMIT_PER_SECOND_MS = 20_000;
const POLL_MS = 200;
const TARGET = { seconds: 60, multiple: 1.0 };
const FIRST_FRAME_TARGET_SECONDS = 5;
/** Without a viewer (what the target is about), then with one: each pair of runs shares the machine's mood. */
const MODES = [
  { viewer: false, name: "none" },
  { viewer: true, name: "Chromium" },
] as const;

interface ReadyRun {
  viewer: boolean;
  toProcessing: number;
  /** The first `GET /videos/:id` saying `playable: true`: the server side of the first frame. */
  toPlayable: number;
  /** With a viewer only. */
  toFirstFrame?: number;
  /** The viewer's stalls between the first frame and `ready`: where playback caught up with the encoder. */
  viewing?: ViewingStats;
  toReady: number;
  multiple: number;
  /** `GET /videos/:id` requests the bench sent until it saw `ready`. */
  polls: number;
  /** Seconds from the POST to each step of the job, from the services' logs. */
  timeline: Timeline;
  /** CPU-seconds per service (and the viewer) during the run. */
  cpu: Record<string, number>;
  /** Busy cores of the whole machine over the run, every process's (the neighbours' too): the noise. */
  machineBusyCores: number;
}

/**
 * Figure 4: from `POST /uploads/:id/complete` to `ready`, through the whole `npm run dev` pool (edge on workerd,
 * relay, 2 encoder workers, catalog projector), for 10 s, 60 s and 5 min 1080p30 sources, each without a
 * viewer and with Chromium watching from the first frame; where each run's time and CPU went.
 */
export async function readyFigure(ctx: BenchContext): Promise<Figure> {
  const lengths = ctx.options.lengths;
  const sources = lengths ? lengths.map((seconds) => ({ seconds, runs: SOURCES.find((s) => s.seconds === seconds)?.runs ?? 1 })) : SOURCES;
  const plan = sources.map((s) => ({ ...s, runs: ctx.options.runs ?? s.runs }));
  const files = Object.fromEntries(
    await Promise.all([WARM_UP_SECONDS, ...plan.map((s) => s.seconds)].map(async (s) => [s, await benchSource(s)] as const)),
  );
  const dev = await startDevStack();
  ctx.defer(dev.stop);
  const browser = await launchChromium();
  ctx.defer(browser.close);
  const client = apiClient(dev.api);
  const user = await client.signUp();

  const snapshot = async (): Promise<{ pool: CpuSnapshot; viewer: CpuSnapshot; busy: number; at: number }> => ({
    pool: await cpuSnapshot(dev.pid, platformLabel),
    viewer: await cpuSnapshot(process.pid, chromiumLabel),
    busy: await machineBusySeconds(),
    at: performance.now(),
  });

  const once = async (seconds: number, withViewer: boolean): Promise<ReadyRun> => {
    // A fresh token per upload: the long runs outlast part of an access token's 15 minutes.
    const token = await client.login(user);
    const { id, complete } = await client.upload(token, files[seconds]!, `bench ${seconds} s`);
    let viewer: Promise<Viewing> | undefined;
    let started = 0;
    // Generous: on this shared machine a neighbour's load has stretched a 60 s encode past 11 minutes.
    const limitMs = 60_000 + seconds * LIMIT_PER_SECOND_MS;
    const before = await snapshot();
    const t = await client.completeAndWait(
      token,
      id,
      POLL_MS,
      limitMs,
      complete,
      (t0) => {
        started = t0;
        if (withViewer) viewer = watchVideo(browser.context, dev.api, id, limitMs);
      },
      () => client.login(user),
    );
    const after = await snapshot();
    const cpu = { ...cpuBetween(before.pool, after.pool), ...cpuBetween(before.viewer, after.viewer) };
    const machineBusyCores = (after.busy - before.busy) / ((after.at - before.at) / 1000);
    const timeline = readTimeline(dev.output(), id, t.postedAt, t.readyAt);
    const run = { viewer: withViewer, ...t, multiple: t.toReady / seconds, timeline, cpu, machineBusyCores };
    if (!viewer) return run;
    const viewing = await viewer;
    const toFirstFrame = ((await viewing.firstFrame) - started) / 1000;
    return { ...run, toFirstFrame, viewing: await viewing.stop() };
  };

  say("warm-up upload");
  await once(WARM_UP_SECONDS, false);
  const results: Record<string, ReadyRun[]> = {};
  for (const s of plan) {
    for (let i = 0; i < s.runs; i++) {
      for (const mode of MODES) {
        const r = await once(s.seconds, mode.viewer);
        (results[key(s.seconds, mode.viewer)] ??= []).push(r);
        const ffmpeg = r.timeline.ffmpegDone - r.timeline.encoding;
        const seen = r.viewing
          ? `first frame after ${r.toFirstFrame!.toFixed(1)} s, ${r.viewing.stalls} stalls (${r.viewing.stalledSeconds.toFixed(1)} s, longest ${r.viewing.longestStallSeconds.toFixed(1)} s) until ready, at ${r.viewing.positionSeconds.toFixed(1)} s when `
          : "no viewer, ";
        say(
          `${s.seconds} s source, run ${i + 1}/${s.runs}, viewer ${mode.name}: ${seen}ready after ${r.toReady.toFixed(1)} s (${r.multiple.toFixed(2)}x its duration; ffmpeg ${ffmpeg.toFixed(1)} s), processing after ${r.toProcessing.toFixed(2)} s, playable after ${r.toPlayable.toFixed(2)} s, machine ${r.machineBusyCores.toFixed(2)} cores busy`,
        );
      }
    }
  }
  await browser.close();
  await dev.stop();

  const groups = plan.flatMap((s) =>
    MODES.map((m) => ({ seconds: s.seconds, runs: s.runs, mode: m, rs: results[key(s.seconds, m.viewer)]! })),
  );
  const watched = groups.filter((g) => g.mode.viewer);
  const summaryOf = (rs: ReadyRun[]) => ({
    toReady: spread(rs.map((r) => r.toReady)),
    multiple: spread(rs.map((r) => r.multiple)),
    toProcessing: spread(rs.map((r) => r.toProcessing)),
    toPlayable: spread(rs.map((r) => r.toPlayable)),
    ffmpeg: spread(rs.map((r) => r.timeline.ffmpegDone - r.timeline.encoding)),
    machineBusyCores: spread(rs.map((r) => r.machineBusyCores)),
    polls: spread(rs.map((r) => r.polls)),
    ...(rs[0]?.viewing && {
      toFirstFrame: spread(rs.map((r) => r.toFirstFrame!)),
      stalledSeconds: spread(rs.map((r) => r.viewing!.stalledSeconds)),
      stalls: spread(rs.map((r) => r.viewing!.stalls)),
      position: spread(rs.map((r) => r.viewing!.positionSeconds)),
    }),
  });
  const summary = Object.fromEntries(groups.map((g) => [key(g.seconds, g.mode.viewer), summaryOf(g.rs)]));
  const dash = "—";
  const rows = groups.map((g) => {
    const x = summary[key(g.seconds, g.mode.viewer)]!;
    return [
      `${g.seconds} s`,
      g.mode.name,
      String(g.runs),
      x.toFirstFrame ? showSpread(x.toFirstFrame) : dash,
      x.stalls && x.stalledSeconds ? `${showSpread(x.stalls, 0)} / ${showSpread(x.stalledSeconds)}` : dash,
      x.position ? showSpread(x.position) : dash,
      showSpread(x.toReady),
      showSpread(x.multiple, 2, "x"),
      showSpread(x.ffmpeg),
      showSpread(x.toProcessing, 2),
      showSpread(x.toPlayable, 2),
      showSpread(x.polls, 0),
      showSpread(x.machineBusyCores, 2),
    ];
  });
  // A player that showed its first frame and then froze (no `waiting`, so no stall counted) is caught here.
  const leastPlayed = Math.min(...watched.map((g) => summary[key(g.seconds, true)]!.position!.min));
  // Only when the run included the source that target is about (`--lengths` may leave it out).
  const target = summary[key(TARGET.seconds, false)]?.multiple.median;
  const targetWatched = summary[key(TARGET.seconds, true)]?.multiple.median;
  const slowestFirstFrame = Math.max(...watched.map((g) => summary[key(g.seconds, true)]!.toFirstFrame!.max));

  return {
    name: "ready",
    title: "Time to first frame and to ready",
    intro: [
      "`npm run dev` started the way `test/e2e/dev-command.test.ts` starts it (free ports, a temporary `DATA_DIR`, its own database " +
        "and NATS), with the default pool: the edge under `wrangler dev`, the relay, the catalog projector and 2 encoder workers. " +
        "Per upload: sign in, `POST /uploads`, PUT the file to storage (in parts when the API asks), then the clock starts just before " +
        "`POST /uploads/:id/complete`. Each source is uploaded **without a viewer** (nothing else asks the machine for CPU: the " +
        "time-to-ready target is about this one) and then **with a viewer**: Debian's Chromium (headless) opened on the watch page " +
        "right after the POST, pressing play as soon as the page has a frame to show; **time to first frame** stops when it first reports " +
        "`video.currentTime > 0`: relay → JetStream → encoder (source opened in storage, probe, first segments stored) → playable event → " +
        "catalog → the page's poll → dash.js on the growing manifest. " +
        `**Time to ready** stops at the first \`GET /videos/:id\` that answers \`ready\` (polled every ${POLL_MS} ms until the video is ` +
        "playable, then every second until its progress says about 2 s are left, then every " +
        `${POLL_MS} ms again: each poll costs the edge under \`wrangler dev\` ~16 ms of CPU, which a 5-per-second poll took from the encode). ` +
        "Sources: 1080p30 H.264 + AAC from `bench/encode/source.ts`; one upload at a time, after a 2 s warm-up upload.",
      ctx.options.runs
        ? `${ctx.options.runs} runs per source and viewer (\`--runs\`).`
        : `**Fewer runs than the other figures by default**: ${plan.map((s) => `${s.runs} of the ${s.seconds} s source`).join(" and ")}, ` +
          "each without and with a viewer (a 60 s encode alone takes most of a minute here); `--runs N` asks for more.",
      "The hops come from the services' own log lines (one clock: the machine's), the CPU-seconds from `/proc` for every process " +
        "under the pool's launcher (Postgres, shared with the rest of the machine, is not counted) and for the bench's Chromium.",
    ],
    tables: [
      {
        headers: [
          "source",
          "viewer",
          "runs",
          "complete → first frame, s",
          "stalls / stalled s until ready",
          "position at ready, s",
          "complete → ready, s",
          "ready ÷ video duration",
          "of which ffmpeg, s",
          "complete → processing, s",
          "complete → API says playable, s",
          "the bench's polls",
          "machine busy cores (all processes)",
        ],
        rows,
      },
      hopTable(groups),
      cpuTable(groups),
    ],
    verdicts: [
      {
        what: "playback went on after the first frame: least position reached by ready, any run",
        measured: `${leastPlayed.toFixed(1)} s`,
        target: `> ${MIN_PLAYED_SECONDS} s`,
        met: leastPlayed > MIN_PLAYED_SECONDS,
      },
      {
        what: "time to first frame, slowest run of any source length",
        measured: `${slowestFirstFrame.toFixed(1)} s`,
        target: `< ${FIRST_FRAME_TARGET_SECONDS} s`,
        met: slowestFirstFrame < FIRST_FRAME_TARGET_SECONDS,
      },
      ...readyVerdict(
        `time to ready for the ${TARGET.seconds} s 1080p source without a viewer, as a multiple of its duration (median)`,
        target,
      ),
      ...readyVerdict(`the same with Chromium playing it meanwhile (median)`, targetWatched),
    ],
    notes: [
      "One encoder worker takes a job and its ffmpeg uses both cores; the second worker idles (one upload at a time). The encoder figure shows what the ladder alone costs on this machine; the hop table shows where the rest goes.",
      "With a viewer, Chromium decodes the video while ffmpeg encodes it, on the same 2 cores: those runs also slow the encode they wait for (its CPU is in the CPU table).",
      "Stalls are the viewer's `waiting` → `playing` gaps after the first frame until `ready`: where playback, at 1x, caught up with an encode running slower than real time and waited at the live edge for the next segment.",
    ],
    data: { pollMs: POLL_MS, sources: Object.fromEntries(Object.entries(files).map(([s, f]) => [s, f])), results, summary },
  };
}

const key = (seconds: number, viewer: boolean) => `${seconds}${viewer ? "+viewer" : ""}`;

function readyVerdict(what: string, multiple: number | undefined): Verdict[] {
  if (multiple === undefined) return [];
  return [{ what, measured: `${multiple.toFixed(2)}x`, target: `≤ ${TARGET.multiple.toFixed(1)}x`, met: multiple <= TARGET.multiple }];
}

interface Group {
  seconds: number;
  mode: (typeof MODES)[number];
  rs: ReadyRun[];
}

/** Median seconds of each hop of the job, one column per source and viewer. */
function hopTable(groups: Group[]): Table {
  const steps = hopDurations(groups[0]!.rs[0]!.timeline);
  const per = groups.map((g) => g.rs.map((r) => hopDurations(r.timeline)));
  return {
    caption: "Where the time goes: median seconds of each hop, from the services' logs",
    headers: ["hop (ends when…)", ...groups.map((g) => `${g.seconds} s, viewer ${g.mode.name}`)],
    rows: steps.map((step, i) => [step.label, ...per.map((runs) => fmt(median(runs.map((hops) => hops[i]!.seconds)), 2))]),
  };
}

/** Median CPU-seconds per service during a run, one column per source and viewer. */
function cpuTable(groups: Group[]): Table {
  const labels = [...new Set(groups.flatMap((g) => g.rs.flatMap((r) => Object.keys(r.cpu))))].sort();
  const total = (r: ReadyRun) => Object.values(r.cpu).reduce((a, b) => a + b, 0);
  const cell = (g: Group, of: (r: ReadyRun) => number) => fmt(median(g.rs.map(of)), 1);
  return {
    caption: "Where the CPU goes: median CPU-seconds per process group during a run (2 cores: 2 CPU-seconds per second)",
    headers: ["process", ...groups.map((g) => `${g.seconds} s, viewer ${g.mode.name}`)],
    rows: [
      ...labels.map((l) => [l, ...groups.map((g) => cell(g, (r) => r.cpu[l] ?? 0))]),
      ["all of the above", ...groups.map((g) => cell(g, total))],
      ["the whole machine (every process, neighbours too)", ...groups.map((g) => cell(g, (r) => r.machineBusyCores * r.toReady))],
    ],
  };
}

const fmt = (n: number, digits: number) => (Number.isNaN(n) ? "—" : n.toFixed(digits));
