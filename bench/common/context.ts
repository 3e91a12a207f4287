import type { BenchOptions } from "./options.js";
import type { BenchStack } from "./stack.js";

/** What every figure gets from the dispatcher: the options and the shared, lazily started stack. */
export interface BenchContext {
  options: BenchOptions;
  /** The local stack, started on first use and stopped when the whole bench ends. */
  stack(): Promise<BenchStack>;
  /** Registers clean-up that must run even when a figure fails (servers, temp dirs). */
  defer(stop: () => Promise<unknown>): void;
}
