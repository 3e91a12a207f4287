/** Upload speed over the last few seconds, and the time left at that speed. */
export class RateMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(
    private readonly windowMs = 5_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `bytes`: the total sent so far (it only grows, but a retried part may make it step back). */
  sample(bytes: number): void {
    const at = this.now();
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > this.windowMs) this.samples.shift();
  }

  /** Bytes per second, or null until half a second of samples exists. */
  bytesPerSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 500) return null;
    return Math.max(0, (last.bytes - first.bytes) / ((last.at - first.at) / 1000));
  }

  secondsLeft(remainingBytes: number): number | null {
    const rate = this.bytesPerSecond();
    if (remainingBytes <= 0) return 0;
    return rate ? remainingBytes / rate : null;
  }

  reset(): void {
    this.samples = [];
  }
}
