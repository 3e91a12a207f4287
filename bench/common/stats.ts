export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

export const spread = (xs: readonly number[]): Spread => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

/** `12.3 (11.0–14.1)`: the median, then the range of the runs; `unit` follows the median (`1.16x (…)`). */
export function showSpread(s: Spread, digits = 1, unit = ""): string {
  return `${s.median.toFixed(digits)}${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}
