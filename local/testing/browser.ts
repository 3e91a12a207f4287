import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import { requireChromium } from "../infra/chromium.js";

export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), "vod-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireChromium(),
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Every console error and uncaught exception of a page, so a test can demand there were none. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: uncaught ${error.message}`));
  return errors;
}

/** The URLs of a page's requests that `matches` picks (all by default), in the order they are sent. */
export function requestUrls(page: Page, matches: (request: Request) => boolean = () => true): string[] {
  const urls: string[] = [];
  page.on("request", (request) => {
    if (matches(request)) urls.push(request.url());
  });
  return urls;
}

/** Signs `user` in through the web app's form, as a person would; the app then shows their library. */
export async function signInThroughForm(page: Page, edgeUrl: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${edgeUrl}/signin`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/library");
}
