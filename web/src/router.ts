import { mount } from "./dom.js";

/**
 * History-API routing. Each page renders into <main> and gets a signal that aborts when the user
 * navigates away (stopping its polling, requests and player); it may return a cleanup function.
 */
export interface PageContext {
  main: HTMLElement;
  params: Record<string, string>;
  query: URLSearchParams;
  signal: AbortSignal;
}

export type Page = (ctx: PageContext) => void | (() => void) | Promise<void | (() => void)>;

interface Route {
  pattern: RegExp;
  names: string[];
  page: Page;
}

const routes: Route[] = [];
let fallback: Page = () => undefined;
let current: { controller: AbortController; cleanup?: () => void } | undefined;
const routeListeners = new Set<() => void>();

/** Called on every page change (the navigation bar marks the current page). */
export const onRoute = (listener: () => void) => {
  routeListeners.add(listener);
};

/** `path` like "/watch/:id". */
export function route(path: string, page: Page): void {
  const names: string[] = [];
  const source = path.replace(/:(\w+)/g, (_, name: string) => (names.push(name), "([^/]+)"));
  routes.push({ pattern: new RegExp(`^${source}/?$`), names, page });
}

export const notFound = (page: Page) => {
  fallback = page;
};

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  void render();
}

export async function render(): Promise<void> {
  current?.controller.abort();
  current?.cleanup?.();
  const controller = new AbortController();
  current = { controller };
  for (const listener of routeListeners) listener();
  const main = document.getElementById("main")!;
  const { pathname, search } = location;
  let params: Record<string, string> = {};
  const match = routes.find((r) => {
    const m = r.pattern.exec(pathname);
    if (m) params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    return m !== null;
  });
  mount(main);
  try {
    const cleanup = await (match?.page ?? fallback)({ main, params, query: new URLSearchParams(search), signal: controller.signal });
    if (controller.signal.aborted) cleanup?.();
    else if (cleanup) current.cleanup = cleanup;
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
}

/**
 * Same-origin links navigate without reloading; modified clicks, new-tab links and links to pages that
 * are not the app's (`data-full-page`: the API reference, the API description) behave as usual.
 */
export function startRouter(): void {
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.("a[href]");
    if (
      !(link instanceof HTMLAnchorElement) ||
      link.target ||
      link.hasAttribute("download") ||
      link.hasAttribute("data-full-page") ||
      link.origin !== location.origin
    )
      return;
    if (link.hash && link.pathname === location.pathname) return;
    event.preventDefault();
    navigate(link.pathname + link.search);
  });
  window.addEventListener("popstate", () => void render());
  void render();
}

/** Moves focus to the page's heading after a navigation, so keyboard and screen-reader users start there. */
export function focusHeading(main: HTMLElement): void {
  const heading = main.querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    document.title = `${heading.textContent ?? ""} · VOD`;
  }
}
