import { mkdir } from "node:fs/promises";
import { planLadder, planLadderForSource, probeMedia, type Rung } from "../../encoder/media/index.js";
import type { BenchContext } from "../common/context.js";
import { say } from "../common/log.js";
import type { Figure, Table } from "../report/figure.js";
import { measureLadder, type LadderResult, type RungQuality } from "./measure.js";
import { QUALITY_SOURCES, qualityScratch, qualitySource } from "./sources.js";

const SAVINGS_TARGET = 0.2;
/**
 * "Equal" SSIM: differences below this are under what SSIM resolves between two encodes of the same
 * picture (4th decimal), reported as they are. On top of it, each source allows what the fixed ladder
 * itself varies by from one run to the next: x264's rate control with threads and a VBV plans from frames
 * other threads are still encoding, so two identical encodes differ (0.001 SSIM on the noisy 1080p rung).
 */
const SSIM_TOLERANCE = 0.0005;
const HARD_SOURCE = "noisy";

interface SourceResult {
  name: string;
  what: string;
  fixed: LadderResult;
  /** The fixed ladder encoded a second time: how much the same encode varies. */
  again: LadderResult;
  adaptive: LadderResult;
  av1?: LadderResult;
}

const kbps = (n: number) => n.toFixed(0);
const pct = (n: number) => `${(n * 100).toFixed(0)} %`;
const named = (rs: readonly RungQuality[], name: string) => rs.find((r) => r.rung.name === name);
const totalKbps = (rs: readonly RungQuality[]) => rs.filter((r) => r.kept).reduce((sum, r) => sum + r.kbps, 0);
const savingOf = (s: SourceResult) => 1 - totalKbps(s.adaptive.rungs) / totalKbps(s.fixed.rungs);
/** The same, as if no rung were dropped: what the quality floor alone saves. */
const everyRung = (rs: readonly RungQuality[]) => rs.reduce((sum, r) => sum + r.kbps, 0);
const floorSavingOf = (s: SourceResult) => 1 - everyRung(s.adaptive.rungs) / everyRung(s.fixed.rungs);

/**
 * The quality figure: three sources of different complexity, each encoded with the fixed ladder, the
 * adaptive (quality-floored) ladder and, with `--quality-av1`, the AV1 rungs alone; per rung the bits it
 * spends and its SSIM and PSNR against the source scaled to its size, per ladder the CPU it cost.
 */
export async function qualityFigure(ctx: BenchContext): Promise<Figure> {
  const seconds = ctx.options.qualitySeconds;
  const withAv1 = ctx.options.qualityAv1;
  const results: SourceResult[] = [];
  /** Per source, the picture's short side where the size check found it smaller than the frame. */
  const pictures = new Map<string, number | undefined>();
  for (const src of QUALITY_SOURCES) {
    const path = await qualitySource(src, seconds);
    const info = await probeMedia(path);
    // The adaptive ladder as the encoder plans it, after the check of the picture's real size.
    const planDir = qualityScratch(`${src.name}-plan`);
    await mkdir(planDir, { recursive: true });
    const plan = await planLadderForSource(path, info, { mode: "adaptive" }, planDir);
    pictures.set(src.name, plan.effectiveShortSide);
    const ladders: [string, Rung[]][] = [
      ["fixed", planLadder(info, { mode: "fixed" })],
      ["fixed-again", planLadder(info, { mode: "fixed" })],
      ["adaptive", plan.rungs],
      ...(withAv1 ? [["av1", planLadder(info, { av1: true }).filter((r) => r.codec === "av1")] as [string, Rung[]]] : []),
    ];
    const measured: Record<string, LadderResult> = {};
    for (const [name, rungs] of ladders) {
      measured[name] = await measureLadder(path, info, rungs, qualityScratch(`${src.name}-${name}`));
      const t = measured[name].timing;
      say(`${src.name} ${name}: ${t.wallSeconds.toFixed(1)} s wall, ${t.cpuSeconds.toFixed(1)} CPU s`);
    }
    results.push({
      name: src.name,
      what: src.what,
      fixed: measured.fixed!,
      again: measured["fixed-again"]!,
      adaptive: measured.adaptive!,
      av1: measured.av1,
    });
  }

  const rows = results.flatMap((s) =>
    s.fixed.rungs.map((f, i) => {
      const a = named(s.adaptive.rungs, f.rung.name);
      const v = s.av1?.rungs[i];
      return [
        s.name,
        f.rung.name,
        `${kbps(f.kbps)} (cap ${f.rung.videoKbps})`,
        !a ? "not planned (picture smaller)" : a.kept ? kbps(a.kbps) : `dropped (${kbps(a.kbps)})`,
        a?.kept ? pct(1 - a.kbps / f.kbps) : "100 %",
        f.ssim.toFixed(4),
        s.again.rungs[i]!.ssim.toFixed(4),
        a ? a.ssim.toFixed(4) : "—",
        f.psnr.toFixed(2),
        a ? a.psnr.toFixed(2) : "—",
        ...(v ? [kbps(v.kbps), v.ssim.toFixed(4), v.psnr.toFixed(2)] : []),
      ];
    }),
  );
  const cost: Table = {
    caption: "Encode cost per ladder (the whole ladder is one ffmpeg process, so CPU is per ladder, not per rung)",
    headers: ["source", "ladder", "wall s", "CPU s", "bits, all kept rungs (kb/s)"],
    rows: results.flatMap((s) =>
      ([["fixed", s.fixed], ["fixed, again", s.again], ["adaptive", s.adaptive], ...(s.av1 ? [["av1", s.av1] as const] : [])] as const).map(
        ([name, r]) => [s.name, name, r.timing.wallSeconds.toFixed(1), r.timing.cpuSeconds.toFixed(1), kbps(totalKbps(r.rungs))],
      ),
    ),
  };

  const savings = results.map(savingOf);
  const meanSaving = savings.reduce((a, b) => a + b, 0) / savings.length;
  const floorSavings = results.map(floorSavingOf);
  const pairs = results.flatMap((s) =>
    s.adaptive.rungs.map((a) => ({ source: s.name, a, f: named(s.fixed.rungs, a.rung.name)! })).filter((p) => p.a.kept),
  );
  const spread = new Map(results.map((s) => [s.name, Math.max(...s.fixed.rungs.map((f, i) => Math.abs(f.ssim - s.again.rungs[i]!.ssim)))]));
  const allowed = (p: (typeof pairs)[number]) => SSIM_TOLERANCE + spread.get(p.source)!;
  const margin = (p: (typeof pairs)[number]) => p.a.ssim - p.f.ssim + allowed(p);
  const worst = pairs.reduce((w, p) => (margin(p) < margin(w) ? p : w));
  const overCap = pairs.filter((p) => p.a.kbps > p.a.rung.videoKbps);
  const hard = pairs.filter((p) => p.source === HARD_SOURCE);
  const hardWorst = hard.reduce((w, p) => (margin(p) < margin(w) ? p : w));
  const dropped = results.flatMap((s) => s.adaptive.rungs.filter((r) => !r.kept).map((r) => `${s.name} ${r.rung.name}`));

  return {
    name: "quality",
    title: "Quality per bit: fixed vs adaptive ladder",
    intro: [
      `Three ${seconds} s 1080p30 sources made with lavfi and cached by \`bench/quality/sources.ts\`: ` +
        results.map((s) => `**${s.name}**, ${s.what}`).join("; ") +
        ". Each is encoded by `packageVideo` (the pipeline's encode, poster and storyboard included) with the fixed ladder " +
        "(average bitrate per rung, `ENCODER_LADDER=fixed`) and the adaptive one (the same rate control plus a quality floor per rung, a minimum x264 QP: the default)" +
        (withAv1 ? ", and the AV1 rungs alone (`ENCODER_AV1=true` adds them beside H.264)" : "") +
        ". Per rung: bits it spends (all segments over the duration), SSIM (All) and PSNR (average, dB) against the source scaled to the rung.",
    ],
    tables: [
      {
        headers: [
          "source",
          "rung",
          "fixed kb/s",
          "adaptive kb/s",
          "bits saved",
          "fixed SSIM",
          "fixed SSIM, again",
          "adaptive SSIM",
          "fixed PSNR",
          "adaptive PSNR",
          ...(withAv1 ? ["AV1 kb/s", "AV1 SSIM", "AV1 PSNR"] : []),
        ],
        rows,
      },
      cost,
    ],
    verdicts: [
      {
        what: "bits saved by the adaptive ladder, mean over the three sources (all kept rungs)",
        measured: `${pct(meanSaving)} (${results.map((s, i) => `${s.name} ${pct(savings[i]!)}`).join(", ")})`,
        target: `≥ ${pct(SAVINGS_TARGET)}`,
        met: meanSaving >= SAVINGS_TARGET,
      },
      {
        what: "SSIM of every kept adaptive rung vs the fixed rung (the rung closest to its allowance)",
        measured: `${(worst.a.ssim - worst.f.ssim).toFixed(4)} (${worst.source} ${worst.a.rung.name})`,
        target: `≥ −${allowed(worst).toFixed(4)} (${SSIM_TOLERANCE} + ${worst.source}'s run-to-run spread)`,
        met: margin(worst) >= 0,
      },
      {
        what: "adaptive rungs above the fixed bitrate",
        measured: overCap.length ? overCap.map((p) => `${p.source} ${p.a.rung.name} ${kbps(p.a.kbps)}`).join(", ") : "none",
        target: "none",
        met: overCap.length === 0,
      },
      {
        what: `hard source (${HARD_SOURCE}) SSIM, worst rung difference`,
        measured: `${(hardWorst.a.ssim - hardWorst.f.ssim).toFixed(4)} (${hardWorst.a.rung.name})`,
        target: `≥ −${allowed(hardWorst).toFixed(4)}`,
        met: margin(hardWorst) >= 0,
      },
    ],
    notes: [
      `The picture's real size (effective-size.ts, before the adaptive ladder is planned): ${results
        .map((s) => `${s.name} ${pictures.get(s.name) ? `${pictures.get(s.name)}p, no rung above it` : "the whole frame"}`)
        .join(", ")}.`,
      `The fixed ladder encoded twice, SSIM spread between the runs (worst rung): ${results.map((s) => `${s.name} ${spread.get(s.name)!.toFixed(4)}`).join(", ")}: ` +
        "x264 with threads and a VBV is not repeatable, so differences of this size between the ladders are noise.",
      `Bits saved with every rung counted, dropped ones too (the quality floor alone): ${results.map((s, i) => `${s.name} ${pct(floorSavings[i]!)}`).join(", ")}; ` +
        `mean ${pct(floorSavings.reduce((a, b) => a + b, 0) / floorSavings.length)}.`,
      `Rungs the adaptive ladder dropped (the rung above costs at most 10 % more): ${dropped.length ? dropped.join(", ") : "none"}.`,
      "Wall and CPU seconds come from a shared 2-core machine: other work running at the same time makes them noisy; the bits, SSIM and PSNR do not depend on load.",
      ...(withAv1 ? [av1Note(results)] : ["`--quality-av1` adds the AV1 rungs' rows and cost."]),
    ],
    data: { seconds, results },
  };
}

function av1Note(results: readonly SourceResult[]): string {
  const parts = results.map((s) => {
    const av1 = s.av1!;
    const bits = 1 - totalKbps(av1.rungs) / totalKbps(s.adaptive.rungs);
    const dSsim = Math.min(
      ...av1.rungs.flatMap((r) => {
        const h264 = named(s.adaptive.rungs, r.rung.name.replace(/-av1$/, ""));
        return h264 ? [r.ssim - h264.ssim] : [];
      }),
    );
    const cpu = av1.timing.cpuSeconds / s.adaptive.timing.cpuSeconds;
    return `${s.name}: ${pct(bits)} fewer bits than adaptive H.264, worst rung SSIM ${dSsim >= 0 ? "+" : ""}${dSsim.toFixed(4)}, ${cpu.toFixed(1)}x its CPU`;
  });
  const over = results.flatMap((s) =>
    s.av1!.rungs.filter((r) => r.kbps > r.rung.videoKbps).map((r) => `${s.name} ${r.rung.name} ${kbps(r.kbps)}`),
  );
  return (
    `AV1 rungs (SVT-AV1 preset 10, capped CRF) against the adaptive H.264 rungs: ${parts.join("; ")}. ` +
    `AV1 rungs above the H.264 rung's bitrate: ${over.length ? over.join(", ") : "none"}.`
  );
}
