import { defineConfig } from "vitest/config";

/**
 * One configuration, several projects, so each kind of test runs where it belongs:
 * unit (pure, milliseconds), api (the edge app against real services through the protocol proxies),
 * integration (origin and encoder against real services), runtimes (the edge on workerd, Node, Bun, Deno),
 * e2e (`npm run dev` driven over HTTP), browser (the web app in Chromium against `npm run dev`).
 *
 * The local stack starts ONCE, in the root project's global setup (vitest runs it for every run and
 * hands what it provides to each project): one NATS, one origin pool, shared by every project.
 */
export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    projects: [
      { test: { name: "unit", include: ["{edge,origin,encoder,shared,web,local}/**/*.unit.test.ts"] } },
      { test: { name: "api", include: ["edge/**/*.api.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 } },
      {
        test: { name: "integration", include: ["{origin,encoder,shared,deploy,local}/**/*.int.test.ts", "test/flows/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        test: {
          name: "runtimes",
          include: ["runtime-tests/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      // The whole platform as `npm run dev` starts it: its own stack, beside the shared one.
      { test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], testTimeout: 240_000, hookTimeout: 60_000 } },
      // The web app in Chromium (playwright-core, the system browser) against its own `npm run dev`.
      { test: { name: "browser", include: ["test/browser/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false } },
    ],
  },
});
