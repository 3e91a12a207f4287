/**
 * A doorbell for the relay loop: `wake()` while the loop is busy is remembered, so a notification
 * that arrives during a batch triggers one more drain instead of being lost; many coalesce into one.
 */
export class Wakeup {
  #pending = false;
  #ring: (() => void) | undefined;

  wake(): void {
    this.#pending = true;
    this.#ring?.();
  }

  /** Resolves on the next wake-up (or one that came while busy), or after `timeoutMs`. */
  async wait(timeoutMs: number): Promise<void> {
    if (!this.#pending) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(ring, timeoutMs);
        function ring(): void {
          clearTimeout(timer);
          resolve();
        }
        this.#ring = ring;
      });
      this.#ring = undefined;
    }
    this.#pending = false;
  }
}
