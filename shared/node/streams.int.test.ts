import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connect, nanos, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../local/testing/free-port.js";
import { DUPLICATE_WINDOW_MS, STREAMS } from "../messaging/topology.js";
import { DESIRED_STREAMS, ensureStreams } from "./streams.js";

const NATS_SERVER = "/usr/sbin/nats-server";
const NODES = 3;
// Electing a JetStream meta leader takes a few seconds after the routes are up.
const CLUSTER_READY_MS = 30_000;

const servers: ChildProcess[] = [];
let storeDir: string;
let nc: NatsConnection;
let jsm: JetStreamManager;

/** A JetStream cluster of three, as production runs: a single server refuses more than one replica. */
beforeAll(async () => {
  storeDir = await mkdtemp(join(tmpdir(), "streams-cluster-"));
  const clientPorts = await Promise.all(Array.from({ length: NODES }, () => freePort()));
  const routePorts = await Promise.all(Array.from({ length: NODES }, () => freePort()));
  const routes = routePorts.map((p) => `nats://127.0.0.1:${p}`).join(",");
  for (let i = 0; i < NODES; i++) {
    const args = ["-a", "127.0.0.1", "-p", String(clientPorts[i]), "-js", "-sd", join(storeDir, `n${i}`), "--server_name", `n${i}`];
    args.push("--cluster_name", "streams-test", "--cluster", `nats://127.0.0.1:${routePorts[i]}`, "--routes", routes);
    servers.push(spawn(NATS_SERVER, args, { stdio: "ignore" }));
  }
  nc = await connect({ servers: clientPorts.map((p) => `nats://127.0.0.1:${p}`), waitOnFirstConnect: true });
  const deadline = Date.now() + CLUSTER_READY_MS;
  for (;;) {
    try {
      jsm = await jetstreamManager(nc);
      await ensureStreams(jsm);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(250);
    }
  }
}, CLUSTER_READY_MS + 10_000);

afterAll(async () => {
  await nc?.close();
  await Promise.all(
    servers.map((server) => {
      if (server.exitCode !== null) return undefined;
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGKILL");
      return exited;
    }),
  );
  await rm(storeDir, { recursive: true, force: true });
});

const replicasOf = async () =>
  Object.fromEntries(await Promise.all(DESIRED_STREAMS.map(async (s) => [s.name, (await jsm.streams.info(s.name)).config.num_replicas])));

describe("ensureStreams' replica count (JETSTREAM_REPLICAS)", () => {
  it("moves every existing stream to the count asked for, keeping its duplicate window; without a count it leaves them", async () => {
    expect(await replicasOf()).toEqual({ JOBS: 1, JOBS_DLQ: 1, VIDEO_EVENTS: 1, ADVISORIES: 1 });

    expect(await ensureStreams(jsm, 3)).toEqual({ JOBS: "updated", JOBS_DLQ: "updated", VIDEO_EVENTS: "updated", ADVISORIES: "updated" });
    expect(await replicasOf()).toEqual({ JOBS: 3, JOBS_DLQ: 3, VIDEO_EVENTS: 3, ADVISORIES: 3 });
    const jobs = (await jsm.streams.info(STREAMS.jobs.name)).config;
    expect(jobs.duplicate_window).toBe(nanos(DUPLICATE_WINDOW_MS));
    expect((await jsm.streams.info(STREAMS.deadLetters.name)).config.duplicate_window).toBe(nanos(DUPLICATE_WINDOW_MS));

    // Every process declares at start: the same count again, or none, changes nothing.
    expect(Object.values(await ensureStreams(jsm, 3))).toEqual(Array(4).fill("created-or-unchanged"));
    expect(Object.values(await ensureStreams(jsm))).toEqual(Array(4).fill("created-or-unchanged"));
    expect(await replicasOf()).toEqual({ JOBS: 3, JOBS_DLQ: 3, VIDEO_EVENTS: 3, ADVISORIES: 3 });
  });
});
