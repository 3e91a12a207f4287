import { run } from "./exec.js";
import type { Log } from "./types.js";
import { findBinary } from "./which.js";

export interface AptRequirement {
  binary: string;
  aptPackage: string;
}

/** Installs the Debian packages of whichever binaries are missing. */
export async function ensureAptPackages(pkgs: AptRequirement[], log: Log): Promise<void> {
  const missing = [...new Set(pkgs.filter((p) => findBinary(p.binary) === undefined).map((p) => p.aptPackage))];
  if (missing.length > 0) await aptInstall(missing, log);
}

let updated = false;
// dpkg holds a global lock, so installs started in parallel (ensureRedis + ensureNats) must queue.
let queue: Promise<unknown> = Promise.resolve();

export function aptInstall(packages: string[], log: Log): Promise<void> {
  const next = queue.then(() => install(packages, log));
  queue = next.catch(() => undefined);
  return next;
}

async function install(packages: string[], log: Log): Promise<void> {
  const fail = (why: string): Error =>
    new Error(
      `${why}\nInstall the missing Debian packages yourself: ` + `sudo apt-get install -y --no-install-recommends ${packages.join(" ")}`,
    );
  if (findBinary("apt-get") === undefined) throw fail(`apt-get is not available to install ${packages.join(" ")}.`);
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && findBinary("sudo") === undefined) throw fail(`Not root and sudo is not available to install ${packages.join(" ")}.`);

  const apt = async (args: string[]): Promise<void> => {
    // sudo resets the environment, so the non-interactive frontend is passed through env(1).
    const envArgs = ["DEBIAN_FRONTEND=noninteractive", "apt-get", ...args];
    const result = asRoot ? await run("env", envArgs) : await run("sudo", ["-n", "env", ...envArgs]);
    if (!result.ok) throw fail(`\`apt-get ${args.join(" ")}\` failed:\n${result.output}`);
  };

  if (!updated) {
    log.info("apt: apt-get update");
    await apt(["update"]);
    updated = true;
  }
  log.info(`apt: installing ${packages.join(" ")}`);
  const sh = (script: string) => (asRoot ? run("sh", ["-c", script]) : run("sudo", ["-n", "sh", "-c", script]));
  // Debian's packages start their own services on the default ports (Postgres asking for a password
  // over TCP, NATS without JetStream), which we could then neither reuse nor replace. A policy-rc.d
  // that refuses every start keeps them down during the install; one already in place is left alone.
  const blocked = (await sh(`[ ! -e ${POLICY} ] && printf '#!/bin/sh\\nexit 101\\n' > ${POLICY} && chmod +x ${POLICY}`)).ok;
  try {
    await apt(["install", "-y", "--no-install-recommends", ...packages]);
  } finally {
    if (blocked) await sh(`rm -f ${POLICY}`);
  }
}

const POLICY = "/usr/sbin/policy-rc.d";
