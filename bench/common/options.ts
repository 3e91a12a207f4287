/** What `npm run bench -- [names…] [--runs N] [--duration S] [--connections C] [--source-seconds S] [--lengths S,S…]` asked for. */
export interface BenchOptions {
  /** Figures to run, in the order given; empty means all. */
  names: string[];
  /** Overrides every figure's default run count. */
  runs?: number;
  /** Seconds of load per HTTP run (edge, runtimes). */
  durationSeconds: number;
  connections: number;
  /** Length of the encoder figure's source. */
  sourceSeconds: number;
  /** Source lengths of the time-to-first-frame figure, when not its default 10 s, 60 s and 300 s. */
  lengths?: number[];
  /** Length of the quality figure's sources. */
  qualitySeconds: number;
  /** The quality figure also encodes and measures the AV1 rungs. */
  qualityAv1: boolean;
}

const positive = (flag: string, text: string | undefined): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number, got ${text}`);
  return n;
};

export function parseOptions(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = { names: [], durationSeconds: 10, connections: 32, sourceSeconds: 10, qualitySeconds: 10, qualityAv1: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i];
    if (arg === "--runs") o.runs = Math.round(positive(arg, value()));
    else if (arg === "--duration") o.durationSeconds = positive(arg, value());
    else if (arg === "--connections") o.connections = Math.round(positive(arg, value()));
    else if (arg === "--source-seconds") o.sourceSeconds = Math.round(positive(arg, value()));
    else if (arg === "--quality-seconds") o.qualitySeconds = Math.round(positive(arg, value()));
    else if (arg === "--quality-av1") o.qualityAv1 = true;
    else if (arg === "--lengths") o.lengths = (value() ?? "").split(",").map((t) => Math.round(positive(arg, t)));
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else o.names.push(arg);
  }
  return o;
}

/** The run count of one figure: `--runs` when given, else the figure's default. */
export const runsFor = (o: BenchOptions, fallback: number) => o.runs ?? fallback;
