/** `--runs N` from the command line, or the default. */
export function runsFlag(fallback: number): number {
  const i = process.argv.indexOf("--runs");
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error("--runs needs a positive integer");
  return n;
}
