import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { waitForNatsReady } from "./nats-ready.js";

const NATS_SERVER = "/usr/sbin/nats-server";
const STOP_GRACE_MS = 5_000;
const CLUSTER_NAME = "vod-chaos";

/** One server of the cluster: same ports and store directory across restarts, so it rejoins as itself. */
export interface ClusterNode {
  name: string;
  url: string;
  monitorUrl: string;
  running(): boolean;
  start(): Promise<void>;
  /** SIGKILL: no goodbye to its peers, as a crashed machine. */
  kill(): Promise<void>;
  /** SIGTERM: a clean shutdown, as an operator's restart. */
  stop(): Promise<void>;
}

export interface NatsCluster {
  nodes: ClusterNode[];
  /** Every client URL, as production clients are given them. */
  urls: string[];
  node(name: string): ClusterNode;
  destroy(): Promise<void>;
}

/**
 * A JetStream cluster of `size` nats-server processes on loopback, each with its own store directory.
 * No `sync_interval: always`: nats-server 2.9.10 (Debian 12) refuses the field ("unknown field"); it
 * arrived in later releases, which production runs.
 */
export async function createNatsCluster(size = 3): Promise<NatsCluster> {
  const dir = await mkdtemp(join(tmpdir(), "nats-cluster-"));
  const specs = await Promise.all(
    Array.from({ length: size }, async (_, i) => ({
      name: `n${i + 1}`,
      client: await freePort(),
      route: await freePort(),
      monitor: await freePort(),
    })),
  );
  const nodes = await Promise.all(
    specs.map(async (spec) => {
      const store = join(dir, spec.name);
      await mkdir(store);
      const routes = specs.filter((s) => s !== spec).map((s) => `"nats-route://127.0.0.1:${s.route}"`);
      const config = join(dir, `${spec.name}.conf`);
      await writeFile(
        config,
        [
          `server_name: ${spec.name}`,
          `listen: 127.0.0.1:${spec.client}`,
          `http: 127.0.0.1:${spec.monitor}`,
          `jetstream { store_dir: "${store}" }`,
          `cluster { name: ${CLUSTER_NAME}, listen: 127.0.0.1:${spec.route}, routes: [${routes.join(", ")}] }`,
        ].join("\n"),
      );
      return clusterNode(spec.name, config, spec.client, spec.monitor);
    }),
  );
  const killAll = () => nodes.forEach((n) => n.forceKill());
  process.once("exit", killAll);
  await Promise.all(nodes.map((n) => n.start()));
  return {
    nodes,
    urls: nodes.map((n) => n.url),
    node: (name) => {
      const found = nodes.find((n) => n.name === name);
      if (!found) throw new Error(`no node ${name} in the cluster`);
      return found;
    },
    destroy: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
      process.off("exit", killAll);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function clusterNode(name: string, config: string, clientPort: number, monitorPort: number): ClusterNode & { forceKill(): void } {
  let proc: ChildProcess | undefined;
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const running = proc;
    proc = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill(signal);
    const killer = setTimeout(() => running.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(killer);
  };
  return {
    name,
    url: `nats://127.0.0.1:${clientPort}`,
    monitorUrl: `http://127.0.0.1:${monitorPort}`,
    running: () => proc !== undefined,
    start: async () => {
      if (proc) return;
      proc = spawn(NATS_SERVER, ["-c", config], { stdio: ["ignore", "pipe", "pipe"] });
      await waitForNatsReady(proc, `nats-server ${name}`);
    },
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
    forceKill: () => void proc?.kill("SIGKILL"),
  };
}
