/**
 * `npm run bench [-- NAME… ] [--runs N] [--duration S] [--connections C] [--source-seconds S] [--lengths S,S…] [--quality-seconds S] [--quality-av1]`
 *
 * Runs the figures (all by default, in this order: edge, latency, runtimes, relay, encode, ready, search, quality), each against its
 * baselines side by side, then prints the Markdown report and writes it under bench/results/
 * (`<timestamp>.md` + `.json`, and `latest.md` + `latest.json` when every figure ran). Not part of `npm test`.
 */
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { BenchContext } from "./common/context.js";
import { say } from "./common/log.js";
import { describeMachine, loads } from "./common/machine.js";
import { parseOptions } from "./common/options.js";
import { startBenchStack, type BenchStack } from "./common/stack.js";
import { encodeFigure } from "./encode/figure.js";
import { edgeFigure } from "./edge/index.js";
import { latencyFigure } from "./latency/index.js";
import { qualityFigure } from "./quality/figure.js";
import { readyFigure } from "./ready/index.js";
import { relayFigure } from "./relay/index.js";
import { failedFigure, type Figure } from "./report/figure.js";
import { renderMarkdown, type Report } from "./report/markdown.js";
import { writeReport } from "./report/write.js";
import { runtimesFigure } from "./runtimes/index.js";
import { searchFigure } from "./search/index.js";

interface Entry {
  title: string;
  run(ctx: BenchContext): Promise<Figure>;
  /** Needs the shared local stack (stopped after the last figure that does). */
  usesStack: boolean;
}

const FIGURES: Record<string, Entry> = {
  edge: { title: "Edge read path (Node)", run: edgeFigure, usesStack: true },
  latency: { title: "Round trips to a far data region", run: latencyFigure, usesStack: true },
  runtimes: { title: "Runtimes", run: runtimesFigure, usesStack: true },
  relay: { title: "Outbox relay", run: relayFigure, usesStack: true },
  encode: { title: "Encoder", run: encodeFigure, usesStack: false },
  ready: { title: "Time to ready", run: readyFigure, usesStack: false },
  search: { title: "Search over 100,000 videos", run: searchFigure, usesStack: false },
  quality: { title: "Quality per bit", run: qualityFigure, usesStack: false },
};

process.chdir(resolve(import.meta.dirname, ".."));
const options = parseOptions(process.argv.slice(2));
const unknown = options.names.filter((n) => !(n in FIGURES));
if (unknown.length) {
  console.error(`unknown figure(s): ${unknown.join(", ")}; choose from ${Object.keys(FIGURES).join(", ")}`);
  process.exit(2);
}
const names = options.names.length ? options.names : Object.keys(FIGURES);

let stack: Promise<BenchStack> | undefined;
let deferred: (() => Promise<unknown>)[] = [];
const runDeferred = async () => {
  for (const stop of deferred.splice(0).reverse()) await stop().catch((e: unknown) => say(`clean-up failed: ${String(e)}`));
};
const stopStack = async () => {
  const s = stack;
  stack = undefined;
  if (s) await (await s.catch(() => undefined))?.stop();
};
const ctx: BenchContext = {
  options,
  stack: () => (stack ??= startBenchStack()),
  defer: (stop) => deferred.push(stop),
};
process.once("SIGINT", () => {
  say("interrupted; stopping what the bench started");
  void runDeferred()
    .then(stopStack)
    .finally(() => process.exit(130));
});

const machine = describeMachine();
const started = performance.now();
const figures: Report["figures"] = [];
for (const [i, name] of names.entries()) {
  const entry = FIGURES[name]!;
  say(`== ${name}: ${entry.title}`);
  const loadAtStart = loads();
  const t0 = performance.now();
  let figure: Figure;
  try {
    figure = await entry.run(ctx);
  } catch (error) {
    say(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    figure = failedFigure(name, entry.title, error);
  }
  await runDeferred();
  deferred = [];
  if (!names.slice(i + 1).some((n) => FIGURES[n]!.usesStack)) await stopStack();
  figures.push({ ...figure, seconds: (performance.now() - t0) / 1000, loadAtStart, loadAtEnd: loads() });
}

const report: Report = {
  at: new Date().toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
  machine: { ...machine, loadAtEnd: loads() },
  totalSeconds: (performance.now() - started) / 1000,
  figures,
};
const complete = Object.keys(FIGURES).every((n) => names.includes(n));
const written = await writeReport(report, complete);
console.log(renderMarkdown(report));
say(`wrote ${written.join(", ")}`);
process.exit(figures.some((f) => "error" in f.data) ? 1 : 0);
