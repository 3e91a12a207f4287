import { defineConfig } from "vitest/config";

/**
 * One configuration, several projects, so each kind of test runs where it belongs:
 * unit (pure, milliseconds), api (the edge app against real services through the protocol proxies),
 * integration (origin and encoder against real services), runtimes (the edge on workerd, Node, Bun, Deno),
 * e2e (`npm run dev` driven over HTTP), browser (the web app in Chromium against `npm run dev`).
 *
 * Only the projects whose tests use the local stack list its global setup, so unit tests need no services.
 * The stack starts ONCE per run however many of them run (test/stack-setup.ts): one NATS, one origin pool.
 * e2e and browser start their own `npm run dev` instead.
 */
const stack = ["./test/stack-setup.ts"];

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["{edge,origin,encoder,shared,web,local,deploy}/**/*.unit.test.ts"] } },
      { test: { name: "api", include: ["edge/**/*.api.test.ts"], globalSetup: stack, testTimeout: 30_000, hookTimeout: 60_000 } },
      {
        test: {
          name: "integration",
          include: ["{origin,encoder,shared,deploy,local}/**/*.int.test.ts", "test/flows/**/*.test.ts"],
          globalSetup: stack,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "runtimes",
          include: ["runtime-tests/**/*.test.ts"],
          globalSetup: stack,
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      // The whole platform as `npm run dev` starts it: its own stack, beside the shared one.
      // A 3-node JetStream cluster of its own, leaders killed under a batch of uploads (bounded: ~2-3 min).
      { test: { name: "chaos", include: ["test/chaos/**/*.test.ts"], globalSetup: stack, testTimeout: 300_000, hookTimeout: 180_000 } },
      { test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], testTimeout: 240_000, hookTimeout: 60_000 } },
      // The web app in Chromium (playwright-core, the system browser) against its own `npm run dev`.
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
