import type { Context } from "hono";

/**
 * Work that outlives the answer. On Workers the isolate may stop once the response is out unless the work
 * rides on `waitUntil`; Node, Bun and Deno keep running a detached promise (its failure is the work's to report).
 */
export function inBackground(c: Context): (work: Promise<unknown>) => void {
  let ctx: { waitUntil(work: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    // Hono throws when the runtime handed in no execution context: Node, Bun, Deno.
    ctx = undefined;
  }
  return (work) => (ctx ? ctx.waitUntil(work) : void work.catch(() => undefined));
}
