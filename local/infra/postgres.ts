import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, chown, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { aptInstall } from "./apt.js";
import { spawnManaged } from "./child.js";
import { run } from "./exec.js";
import { withClient } from "./pg-query.js";
import { ensureService, type ServiceDriver } from "./managed-service.js";
import type { Log, ServiceHandle, ServiceOptions } from "./types.js";
import { isExecutableFile } from "./which.js";

// Debian installs each major version side by side here, off PATH.
const PG_LIB = "/usr/lib/postgresql";
// Owned by the postgres user that the Debian package creates.
const DEBIAN_POSTGRES_HOME = "/var/lib/postgresql";
// sun_path is 108 bytes including the terminating NUL.
const MAX_SOCKET_PATH = 107;

interface OsUser {
  uid: number;
  gid: number;
}

export const postgres: ServiceDriver = {
  name: "postgres",
  defaultPort: 5432,
  check: (url) => withClient(url, (client) => client.query("select 1")).then(() => undefined),
  async install(log) {
    if (pgBinDir() !== undefined) return;
    await aptInstall(["postgresql"], log);
    if (pgBinDir() === undefined) throw new Error(`postgresql installed, but no initdb/postgres under ${PG_LIB}/*/bin`);
  },
  async start({ url, endpoint, dataDir, log }) {
    const owner = await serverOsUser();
    const home = owner ? await homeReachableBy(owner, dataDir, log) : dataDir;
    const clusterDir = join(home, "postgres");
    const socketDir = join(home, "postgres-socket");
    const clusterVersion = readClusterVersion(clusterDir);
    const bin = pgBinDir(clusterVersion);
    if (bin === undefined) {
      throw new Error(
        `${clusterDir} holds a PostgreSQL ${clusterVersion} cluster but ${PG_LIB}/${clusterVersion}/bin is missing: ` +
          `install Debian package postgresql-${clusterVersion}, or remove the directory to start afresh`,
      );
    }
    await mkdir(clusterDir, { recursive: true });
    await mkdir(socketDir, { recursive: true });
    if (owner) {
      await chown(clusterDir, owner.uid, owner.gid);
      await chown(socketDir, owner.uid, owner.gid);
    }
    // initdb insists on 0700 or 0750; a pre-made directory may have anything.
    await chmod(clusterDir, 0o700);

    if (clusterVersion === undefined) {
      const superuser = decodeURIComponent(new URL(url).username) || "postgres";
      log.info(`postgres: initdb ${clusterDir}`);
      const initdb = await run(join(bin, "initdb"), ["-D", clusterDir, "--auth=trust", "-U", superuser, "--encoding=UTF8", "--locale=C"], {
        ...owner,
        cwd: home,
      });
      if (!initdb.ok) throw new Error(`postgres: initdb failed:\n${initdb.output}`);
    }

    let sockets = socketDir;
    if (Buffer.byteLength(join(socketDir, `.s.PGSQL.${endpoint.port}`)) > MAX_SOCKET_PATH) {
      log.warn(`postgres: ${socketDir} is too long for a Unix socket; listening on TCP only`);
      sockets = "";
    }
    return spawnManaged({
      name: "postgres",
      command: join(bin, "postgres"),
      args: ["-D", clusterDir, "-p", String(endpoint.port), "-k", sockets, "-c", `listen_addresses=${endpoint.host}`],
      ...owner,
      cwd: home,
      stopSignal: "SIGINT",
    });
  },
};

export function ensurePostgres(opts: ServiceOptions): Promise<ServiceHandle> {
  return ensureService(postgres, opts);
}

/** The bin dir of `version`, or of the highest installed version when none is asked for. */
function pgBinDir(version?: string): string | undefined {
  const installed = existsSync(PG_LIB) ? readdirSync(PG_LIB).filter((v) => /^\d+$/.test(v)) : [];
  const candidates = (version === undefined ? installed : installed.filter((v) => v === version))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(PG_LIB, v, "bin"));
  return candidates.find((dir) => isExecutableFile(join(dir, "initdb")) && isExecutableFile(join(dir, "postgres")));
}

/** Major version of an existing cluster: rerunning initdb on it would fail, and so would other binaries. */
function readClusterVersion(clusterDir: string): string | undefined {
  const file = join(clusterDir, "PG_VERSION");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

/**
 * initdb and postgres refuse to run as root, so as root we run them as the `postgres` system user
 * that the Debian package creates. Node's spawn uid/gid rather than runuser: runuser forwards only
 * SIGTERM (a "smart" shutdown that waits for clients) and SIGKILLs the server 2 s later.
 */
async function serverOsUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  if (!uid.ok || !gid.ok) {
    throw new Error(
      "postgres: running as root but there is no 'postgres' system user to run the server as (Debian package postgresql creates it)",
    );
  }
  return { uid: Number(uid.output.trim()), gid: Number(gid.output.trim()) };
}

/**
 * The postgres user must be able to traverse every parent of the cluster. A repo under /root
 * (mode 0700) is the usual case where it cannot; rather than loosen /root, keep the cluster in
 * the postgres user's Debian home, under a name derived from dataDir so each checkout has its own.
 */
async function homeReachableBy(owner: OsUser, dataDir: string, log: Log): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  if ((await run("test", ["-x", dataDir], owner)).ok) return dataDir;
  const home = join(DEBIAN_POSTGRES_HOME, `vod-${createHash("sha256").update(dataDir).digest("hex").slice(0, 12)}`);
  log.warn(
    `postgres: the postgres system user cannot reach ${dataDir} (a parent directory is not traversable); keeping the cluster in ${home}`,
  );
  return home;
}
