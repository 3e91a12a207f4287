import { AsyncLocalStorage } from "node:async_hooks";
import { context, ROOT_CONTEXT, type Context, type ContextManager } from "@opentelemetry/api";

/**
 * The active OpenTelemetry context per request, on AsyncLocalStorage: workerd (nodejs_compat), Node,
 * Bun and Deno all have it. Without a context manager the API's active context is always the root,
 * and log lines could not find their request's span.
 */
export class AsyncLocalContextManager implements ContextManager {
  readonly #storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(ctx, () => fn.apply(thisArg, args));
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== "function") return target;
    const run = (thisArg: unknown, args: unknown[]): unknown => this.#storage.run(ctx, () => Reflect.apply(target, thisArg, args));
    return function bound(this: unknown, ...args: unknown[]) {
      return run(this, args);
    } as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.#storage.disable();
    return this;
  }
}

let installed = false;

/**
 * Registers the manager once per isolate or process. If something registered one before (the Node
 * SDK when the edge shares a process with origin services), that one serves just as well.
 */
export function ensureContextManager(): void {
  if (installed) return;
  installed = true;
  context.setGlobalContextManager(new AsyncLocalContextManager());
}
