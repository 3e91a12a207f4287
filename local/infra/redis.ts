import { bindAddress, endpointOf } from "./endpoint.js";
import { ensureService, type ServiceDriver } from "./managed-service.js";
import { packagedServer } from "./packaged-server.js";
import { firstLine } from "./tcp-probe.js";
import type { ServiceHandle, ServiceOptions } from "./types.js";

const DEFAULT_PORT = 6379;
const PING = "*1\r\n$4\r\nPING\r\n";

export const redis: ServiceDriver = {
  name: "redis",
  defaultPort: DEFAULT_PORT,
  async check(url) {
    const reply = await firstLine(endpointOf(url, DEFAULT_PORT), PING);
    if (reply !== "+PONG") throw new Error(`PING answered ${JSON.stringify(reply)}`);
  },
  // appendonly rather than snapshots: every write survives a restart on the same dir.
  ...packagedServer("redis-server", "redis", (endpoint, dir) => [
    "--port",
    String(endpoint.port),
    "--bind",
    bindAddress(endpoint.host),
    "--dir",
    dir,
    "--appendonly",
    "yes",
    "--save",
    "",
  ]),
};

export function ensureRedis(opts: ServiceOptions): Promise<ServiceHandle> {
  return ensureService(redis, opts);
}
