import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ensureAptPackages } from "./apt.js";
import { spawnManaged } from "./child.js";
import { bindAddress, endpointOf } from "./endpoint.js";
import { ensureService, type ServiceDriver } from "./managed-service.js";
import { firstLine } from "./tcp-probe.js";
import type { ServiceHandle, ServiceOptions } from "./types.js";
import { requireBinary } from "./which.js";

const DEFAULT_PORT = 6379;
const PING = "*1\r\n$4\r\nPING\r\n";

export const redis: ServiceDriver = {
  name: "redis",
  defaultPort: DEFAULT_PORT,
  async check(url) {
    const reply = await firstLine(endpointOf(url, DEFAULT_PORT), PING);
    if (reply !== "+PONG") throw new Error(`PING answered ${JSON.stringify(reply)}`);
  },
  install: (log) => ensureAptPackages([{ binary: "redis-server", aptPackage: "redis-server" }], log),
  async start({ endpoint, dataDir }) {
    const dir = join(dataDir, "redis");
    await mkdir(dir, { recursive: true });
    return spawnManaged({
      name: "redis-server",
      command: requireBinary("redis-server", "redis-server"),
      // appendonly rather than snapshots: every write survives a restart on the same dir.
      args: ["--port", String(endpoint.port), "--bind", bindAddress(endpoint.host), "--dir", dir, "--appendonly", "yes", "--save", ""],
    });
  },
};

export function ensureRedis(opts: ServiceOptions): Promise<ServiceHandle> {
  return ensureService(redis, opts);
}
