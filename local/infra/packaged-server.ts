import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ensureAptPackages } from "./apt.js";
import { spawnManaged } from "./child.js";
import type { Endpoint } from "./endpoint.js";
import type { ServiceDriver } from "./managed-service.js";
import { requireBinary } from "./which.js";

/**
 * How Redis and NATS are installed and started alike: the Debian package that ships a binary of its own
 * name, run with its state in `dataDir/<dirName>`; `args` says how this server takes its address and folder.
 */
export function packagedServer(
  binary: string,
  dirName: string,
  args: (endpoint: Endpoint, dir: string) => string[],
): Pick<ServiceDriver, "install" | "start"> {
  return {
    install: (log) => ensureAptPackages([{ binary, aptPackage: binary }], log),
    async start({ endpoint, dataDir }) {
      const dir = join(dataDir, dirName);
      await mkdir(dir, { recursive: true });
      return spawnManaged({ name: binary, command: requireBinary(binary, binary), args: args(endpoint, dir) });
    },
  };
}
