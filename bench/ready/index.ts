import type { BenchContext } from "../common/context.js";
import { say } from "../common/log.js";
import { showSpread, spread } from "../common/stats.js";
import { benchSource } from "../encode/source.js";
import type { Figure } from "../report/figure.js";
import { launchChromium } from "../../local/testing/browser.js";
import { apiClient } from "./client.js";
import { startDevStack } from "./dev-stack.js";
import { watchVideo, type Viewing, type ViewingStats } from "./first-frame.js";

/** Source lengths and their default run counts: a 5 min 1080p encode takes several minutes on 2 cores. */
/** Every source plays for several seconds before it is ready; a run that never got this far froze. */
const MIN_PLAYED_SECONDS = 3;
const SOURCES = [
  { seconds: 10, runs: 3 },
  { seconds: 60, runs: 2 },
  { seconds: 300, runs: 1 },
];
const WARM_UP_SECONDS = 2;
const POLL_MS = 200;
const TARGET = { seconds: 60, multiple: 1.0 };
const FIRST_FRAME_TARGET_SECONDS = 5;

interface ReadyRun {
  toProcessing: number;
  /** The first `GET /videos/:id` saying `playable: true`: the server side of the first frame. */
  toPlayable: number;
  toFirstFrame: number;
  /** The viewer's stalls between the first frame and `ready`: where playback caught up with the encoder. */
  viewing: ViewingStats;
  toReady: number;
  multiple: number;
}

/**
 * Figure 4: from `POST /uploads/:id/complete` to the first frame played in Chromium and to `ready`,
 * through the whole `npm run dev` pool (edge on workerd, relay, 2 encoder workers, catalog projector),
 * for 10 s, 60 s and 5 min 1080p30 sources.
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

  const once = async (seconds: number): Promise<ReadyRun> => {
    // A fresh token per upload: the long runs outlast part of an access token's 15 minutes.
    const token = await client.login(user);
    const { id, complete } = await client.upload(token, files[seconds]!, `bench ${seconds} s`);
    let viewer: Promise<Viewing> | undefined;
    let started = 0;
    const limitMs = 60_000 + seconds * 10_000;
    const t = await client.completeAndWait(token, id, POLL_MS, limitMs, complete, (t0) => {
      started = t0;
      viewer = watchVideo(browser.context, dev.api, id, limitMs);
    });
    const viewing = await viewer!;
    const toFirstFrame = ((await viewing.firstFrame) - started) / 1000;
    return { ...t, toFirstFrame, viewing: await viewing.stop(), multiple: t.toReady / seconds };
  };

  say("warm-up upload");
  await once(WARM_UP_SECONDS);
  const results: Record<string, ReadyRun[]> = {};
  for (const s of plan) {
    for (let i = 0; i < s.runs; i++) {
      const r = await once(s.seconds);
      (results[String(s.seconds)] ??= []).push(r);
      say(
        `${s.seconds} s source, run ${i + 1}/${s.runs}: first frame after ${r.toFirstFrame.toFixed(1)} s, ${r.viewing.stalls} stalls (${r.viewing.stalledSeconds.toFixed(1)} s, longest ${r.viewing.longestStallSeconds.toFixed(1)} s) until ready, at ${r.viewing.positionSeconds.toFixed(1)} s when ready after ${r.toReady.toFixed(1)} s (${r.multiple.toFixed(2)}x its duration), processing after ${r.toProcessing.toFixed(2)} s, playable after ${r.toPlayable.toFixed(2)} s`,
      );
    }
  }
  await browser.close();
  await dev.stop();

  const summary = Object.fromEntries(
    Object.entries(results).map(([s, rs]) => [
      s,
      {
        toFirstFrame: spread(rs.map((r) => r.toFirstFrame)),
        stalledSeconds: spread(rs.map((r) => r.viewing.stalledSeconds)),
        stalls: spread(rs.map((r) => r.viewing.stalls)),
        toReady: spread(rs.map((r) => r.toReady)),
        multiple: spread(rs.map((r) => r.multiple)),
        toProcessing: spread(rs.map((r) => r.toProcessing)),
        toPlayable: spread(rs.map((r) => r.toPlayable)),
        position: spread(rs.map((r) => r.viewing.positionSeconds)),
      },
    ]),
  );
  const rows = plan.map((s) => {
    const x = summary[String(s.seconds)]!;
    return [
      `${s.seconds} s`,
      String(s.runs),
      showSpread(x.toFirstFrame),
      `${showSpread(x.stalls, 0)} / ${showSpread(x.stalledSeconds)}`,
      showSpread(x.position),
      showSpread(x.toReady),
      showSpread(x.multiple, 2, "x"),
      showSpread(x.toProcessing, 2),
      showSpread(x.toPlayable, 2),
    ];
  });
  // A player that showed its first frame and then froze (no `waiting`, so no stall counted) is caught here.
  const leastPlayed = Math.min(...plan.map((s) => summary[String(s.seconds)]!.position.min));
  // Only when the run included the source that target is about (`--lengths` may leave it out).
  const target = summary[String(TARGET.seconds)]?.multiple.median;
  const slowestFirstFrame = Math.max(...plan.map((s) => summary[String(s.seconds)]!.toFirstFrame.max));

  return {
    name: "ready",
    title: "Time to first frame and to ready",
    intro: [
      "`npm run dev` started the way `test/e2e/dev-command.test.ts` starts it (free ports, a temporary `DATA_DIR`, its own database " +
        "and NATS), with the default pool: the edge under `wrangler dev`, the relay, the catalog projector and 2 encoder workers. " +
        "Per upload: sign in, `POST /uploads`, PUT the file to storage (in parts when the API asks), then the clock starts just before " +
        "`POST /uploads/:id/complete`. **Time to first frame** stops when Debian's Chromium (headless, opened on the watch page " +
        "right after the POST, pressing play as soon as the page has a frame to show) first reports `video.currentTime > 0`: relay → " +
        "JetStream → encoder (source opened in storage, probe, first segments stored) → playable event → catalog → the page's poll → dash.js on the growing manifest. " +
        `**Time to ready** stops at the first \`GET /videos/:id\` (polled every ${POLL_MS} ms) that answers \`ready\`. ` +
        "Sources: 1080p30 H.264 + AAC from `bench/encode/source.ts`; one upload at a time, after a 2 s warm-up upload.",
      ctx.options.runs
        ? `${ctx.options.runs} runs per source (\`--runs\`).`
        : `**Fewer runs than the other figures by default**: ${plan.map((s) => `${s.runs} of the ${s.seconds} s source`).join(" and ")} ` +
          "(a 60 s encode alone takes over a minute here); `--runs N` asks for more.",
    ],
    tables: [
      {
        headers: [
          "source",
          "runs",
          "complete → first frame, s",
          "stalls / stalled s until ready",
          "position at ready, s",
          "complete → ready, s",
          "ready ÷ video duration",
          "complete → processing, s",
          "complete → API says playable, s",
        ],
        rows,
      },
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
      ...(target === undefined
        ? []
        : [
            {
              what: `time to ready for the ${TARGET.seconds} s 1080p source, as a multiple of its duration (median)`,
              measured: `${target.toFixed(2)}x`,
              target: `≤ ${TARGET.multiple.toFixed(1)}x`,
              met: target <= TARGET.multiple,
            },
          ]),
    ],
    notes: [
      "One encoder worker takes a job and its ffmpeg uses both cores; the second worker idles (one upload at a time). The encoder figure shows what the ladder alone costs on this machine, so the rest is reading the source, the final uploads and the event hops.",
      "Chromium decodes the video while ffmpeg encodes it, on the same 2 cores: the first-frame runs also slow the encode they wait for.",
      "Stalls are the viewer's `waiting` → `playing` gaps after the first frame until `ready`: where playback, at 1x, caught up with an encode running slower than real time and waited at the live edge for the next segment.",
    ],
    data: { pollMs: POLL_MS, sources: Object.fromEntries(Object.entries(files).map(([s, f]) => [s, f])), results, summary },
  };
}
