import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ManagedChild } from "./child.js";
import { endpointOf, isLoopback, type Endpoint } from "./endpoint.js";
import { isListening } from "./tcp-probe.js";
import type { Log, ServiceHandle, ServiceOptions } from "./types.js";

const READY_TIMEOUT_MS = 30_000;
const POLL_MS = 200;

export interface StartContext {
  url: string;
  endpoint: Endpoint;
  /** Absolute, so children with another working directory or user see the same paths. */
  dataDir: string;
  log: Log;
}

/** What differs between Postgres, Redis and NATS; ensureService does the rest. */
export interface ServiceDriver {
  /** Log prefix and error wording, e.g. "redis". */
  name: string;
  defaultPort: number;
  /** Rejects unless the expected kind of server answers at `url`. */
  check(url: string): Promise<void>;
  /** Makes sure the server's binaries exist, installing the Debian package if needed. */
  install(log: Log): Promise<void>;
  start(ctx: StartContext): Promise<ManagedChild>;
}

export async function ensureService(driver: ServiceDriver, opts: ServiceOptions): Promise<ServiceHandle> {
  const { url, log } = opts;
  const endpoint = endpointOf(url, driver.defaultPort);
  const where = `${endpoint.host}:${endpoint.port}`;

  const reused = await reuse(driver, url, endpoint, log);
  if (reused) return reused;
  if (!isLoopback(endpoint.host)) throw new Error(`${driver.name}: nothing answers at ${where}, and only a local server can be started`);

  await driver.install(log);
  // Installing the package may have started its own service on the default port.
  const startedByPackage = await reuse(driver, url, endpoint, log);
  if (startedByPackage) return startedByPackage;

  const dataDir = resolve(opts.dataDir);
  log.info(`${driver.name}: nothing at ${where}, starting our own with state under ${dataDir}`);
  const began = Date.now();
  const child = await driver.start({ url, endpoint, dataDir, log });
  await waitUntilReady(driver, url, where, child);
  log.info(`${driver.name}: ready at ${where} (pid ${child.pid}) after ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return { url, startedByUs: true, stop: () => child.stop() };
}

/**
 * What ensureService would install, ahead of time: the server's package, unless a server answers at
 * `url` (undefined: the driver's default port on this machine).
 */
export async function installUnlessServed(driver: ServiceDriver, url: string | undefined, log: Log): Promise<void> {
  if (await isListening(endpointOf(url ?? "tcp://127.0.0.1", driver.defaultPort))) return;
  await driver.install(log);
}

async function reuse(driver: ServiceDriver, url: string, endpoint: Endpoint, log: Log): Promise<ServiceHandle | undefined> {
  if (!(await isListening(endpoint))) return undefined;
  const where = `${endpoint.host}:${endpoint.port}`;
  try {
    await driver.check(url);
  } catch (err) {
    // Starting our own would only fail on the taken port; say what is wrong with the one there.
    throw new Error(`${driver.name}: something listens at ${where} but is not usable: ${messageOf(err)}`);
  }
  log.info(`${driver.name}: reusing the server at ${where}`);
  return { url, startedByUs: false, stop: async () => undefined };
}

async function waitUntilReady(driver: ServiceDriver, url: string, where: string, child: ManagedChild): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = "no answer yet";
  for (;;) {
    const exit = child.exitStatus();
    if (exit !== undefined) {
      // The last lines can still be in the pipe when the exit event arrives.
      await sleep(POLL_MS);
      throw new Error(`${driver.name}: our ${child.name} ${exit} before answering at ${where}. Its last output:\n${child.output()}`);
    }
    try {
      await driver.check(url);
      return;
    } catch (err) {
      lastError = messageOf(err);
    }
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(
        `${driver.name}: our ${child.name} did not answer at ${where} within ${READY_TIMEOUT_MS / 1000} s ` +
          `(last error: ${lastError}). Its last output:\n${child.output()}`,
      );
    }
    await sleep(POLL_MS);
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
