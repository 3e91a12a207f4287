import type { BenchContext } from "../common/context.js";
import { runsFor } from "../common/options.js";
import { edgeEnv, edgeFixture, type EdgeFixture } from "./fixture.js";
import { ensureWrk } from "./wrk.js";

/** Runs per target when `--runs` is not given: the edge and runtimes figures load the same app alike. */
const DEFAULT_RUNS = 5;

export interface EdgeLoadSetup {
  runs: number;
  /** The load generator's name and version, for the figure's notes. */
  tool: string;
  /** The environment every edge of the figure starts with. */
  env: Record<string, string>;
  fx: EdgeFixture;
}

/** What a figure that loads the edge app needs before it starts servers: the load tool, the stack, a viewer and a video. */
export async function prepareEdgeLoad(ctx: BenchContext): Promise<EdgeLoadSetup> {
  const runs = runsFor(ctx.options, DEFAULT_RUNS);
  const tool = await ensureWrk();
  const stack = await ctx.stack();
  const env = edgeEnv(stack.env);
  const fx = await edgeFixture(env);
  return { runs, tool, env, fx };
}
