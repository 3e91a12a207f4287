import { bindAddress, endpointOf } from "./endpoint.js";
import { ensureService, type ServiceDriver } from "./managed-service.js";
import { packagedServer } from "./packaged-server.js";
import { firstLine } from "./tcp-probe.js";
import type { ServiceHandle, ServiceOptions } from "./types.js";

const DEFAULT_PORT = 4222;

export const nats: ServiceDriver = {
  name: "nats",
  defaultPort: DEFAULT_PORT,
  async check(url) {
    // The server greets every connection with `INFO {json}`; that is all we need to read.
    const greeting = await firstLine(endpointOf(url, DEFAULT_PORT));
    if (!greeting.startsWith("INFO ")) throw new Error(`expected an INFO greeting, got ${JSON.stringify(greeting.slice(0, 80))}`);
    const info: unknown = JSON.parse(greeting.slice("INFO ".length));
    const jetstream = typeof info === "object" && info !== null && "jetstream" in info && info.jetstream === true;
    if (!jetstream) throw new Error("NATS answers but without JetStream; run nats-server with -js (and -sd <store dir>)");
  },
  ...packagedServer("nats-server", "nats", (endpoint, dir) => [
    "-a",
    bindAddress(endpoint.host),
    "-p",
    String(endpoint.port),
    "-js",
    "-sd",
    dir,
  ]),
};

export function ensureNats(opts: ServiceOptions): Promise<ServiceHandle> {
  return ensureService(nats, opts);
}
