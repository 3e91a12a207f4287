import { beforeAll, describe, expect, it } from "vitest";
import { allowedFlows } from "./checks/flows.js";
import { schemaProblems } from "./checks/models.js";
import { allContainers, appName, selects, workloads, type Workload } from "./checks/pods.js";
import { idOf, OVERLAYS, renderOverlay, type K8sObject, type Overlay } from "./checks/render.js";

/**
 * The Kubernetes manifests, checked without a cluster: each overlay renders with `kubectl kustomize`,
 * every object validates against the Kubernetes and KEDA schemas, and the rendered objects keep the
 * platform's rules (hardened pods, probes, sizes, PDBs, exactly the network flows of the architecture,
 * KEDA on the encoder consumer, a 3-server NATS that fsyncs every write, migrations before services).
 */
const ORIGIN = ["relay", "projector", "dead-letter", "deleter", "encoder"];
const OWN_IMAGES = /(^|\/)vod-(origin|encoder)[:@]/;
const DIGEST = /@sha256:[0-9a-f]{64}$/;

const rendered = new Map<Overlay, K8sObject[]>();
beforeAll(async () => {
  for (const overlay of OVERLAYS) rendered.set(overlay, await renderOverlay(overlay));
});
const objects = (overlay: Overlay): K8sObject[] => rendered.get(overlay) ?? [];
const ofKind = (overlay: Overlay, kind: string) => objects(overlay).filter((o) => o.kind === kind);
const one = (overlay: Overlay, kind: string, name: string): K8sObject => {
  const found = ofKind(overlay, kind).find((o) => o.metadata.name === name);
  if (!found) throw new Error(`overlays/${overlay} renders no ${kind}/${name}`);
  return found;
};

/** Exactly what each workload may send and receive; anything else is denied (default-deny below). */
const DNS = "kube-system/kube-dns:53";
type Flows = Record<string, { egress: string[]; ingress: string[] }>;
const PRODUCTION_FLOWS: Flows = {
  relay: { egress: [DNS, "internet:5432", "nats:4222"], ingress: ["prometheus:metrics"] },
  projector: { egress: [DNS, "internet:5432", "nats:4222"], ingress: ["prometheus:metrics"] },
  "dead-letter": { egress: [DNS, "nats:4222"], ingress: ["prometheus:metrics"] },
  deleter: { egress: [DNS, "internet:443", "nats:4222"], ingress: ["prometheus:metrics"] },
  encoder: { egress: [DNS, "internet:443", "nats:4222"], ingress: ["prometheus:metrics"] },
  migrate: { egress: [DNS, "internet:5432"], ingress: [] },
  prometheus: { egress: [DNS, ...ORIGIN.map((app) => `${app}:metrics`)], ingress: [] },
  nats: { egress: [DNS, "nats:6222"], ingress: [...ORIGIN.map((app) => `${app}:4222`), "keda/keda-operator:8222", "nats:6222"] },
};
// Locally Neon and S3 are pods of the cluster: the same flows, aimed at Postgres and MinIO, plus their own.
const IN_CLUSTER: Record<string, string> = { "internet:5432": "postgres:5432", "internet:443": "minio:9000" };
const EXPECTED_FLOWS: Record<Overlay, Flows> = {
  production: PRODUCTION_FLOWS,
  local: {
    ...Object.fromEntries(
      Object.entries(PRODUCTION_FLOWS).map(([app, f]) => [app, { ...f, egress: f.egress.map((to) => IN_CLUSTER[to] ?? to) }]),
    ),
    postgres: { egress: [DNS], ingress: ["migrate:5432", "projector:5432", "relay:5432"] },
    redis: { egress: [DNS], ingress: [] },
    minio: { egress: [DNS], ingress: ["deleter:9000", "encoder:9000", "minio-setup:9000"] },
    "minio-setup": { egress: [DNS, "minio:9000"], ingress: [] },
  },
};

describe.each(OVERLAYS)("overlays/%s", (overlay) => {
  const pods = (): Workload[] => workloads(objects(overlay));

  it("renders, and every object validates against the Kubernetes or KEDA schema", async () => {
    expect(objects(overlay).length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const object of objects(overlay)) {
      const problem = await schemaProblems(object);
      if (problem) problems.push(`${idOf(object)}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it("runs every container hardened: non-root, read-only root, no escalation, no capabilities, RuntimeDefault seccomp", () => {
    const problems: string[] = [];
    for (const { object, pod } of pods()) {
      if (pod.hostNetwork || pod.hostPID) problems.push(`${idOf(object)}: host namespaces`);
      if (pod.volumes?.some((v) => v.hostPath)) problems.push(`${idOf(object)}: hostPath volume`);
      for (const c of allContainers(pod)) {
        const sc = c.securityContext ?? {};
        const where = `${idOf(object)} ${c.name}`;
        if ((sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true) problems.push(`${where}: runAsNonRoot`);
        if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem`);
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation`);
        if (sc.privileged) problems.push(`${where}: privileged`);
        if (!sc.capabilities?.drop?.includes("ALL") || (sc.capabilities.add ?? []).length > 0) problems.push(`${where}: capabilities`);
        if ((sc.seccompProfile ?? pod.securityContext?.seccompProfile)?.type !== "RuntimeDefault") problems.push(`${where}: seccomp`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("gives every container CPU and memory requests and limits", () => {
    const missing = pods().flatMap(({ object, pod }) =>
      allContainers(pod)
        .filter((c) => !["requests", "limits"].every((k) => ["cpu", "memory"].every((r) => c.resources?.[k as "requests"]?.[r])))
        .map((c) => `${idOf(object)} ${c.name}`),
    );
    expect(missing).toEqual([]);
  });

  it("probes every long-running container; the platform's own on /readyz and /healthz of their METRICS_PORT", () => {
    const problems: string[] = [];
    for (const { object, pod } of pods().filter((w) => w.object.kind !== "Job")) {
      // A StatefulSet's sidecars (NATS' config reloader: no port, the chart gives it no probe) are left out.
      for (const c of object.kind === "Deployment" ? pod.containers : pod.containers.slice(0, 1)) {
        const where = `${idOf(object)} ${c.name}`;
        if (!c.readinessProbe || !c.livenessProbe) problems.push(`${where}: readiness and liveness probes`);
        if (!OWN_IMAGES.test(c.image)) continue;
        if (c.readinessProbe?.httpGet?.path !== "/readyz") problems.push(`${where}: readiness is not /readyz`);
        if (c.livenessProbe?.httpGet?.path !== "/healthz") problems.push(`${where}: liveness is not /healthz`);
        const metricsPort = Number(c.env?.find((e) => e.name === "METRICS_PORT")?.value);
        const probed = c.ports?.find(
          (p) => p.name === c.readinessProbe?.httpGet?.port || p.containerPort === c.readinessProbe?.httpGet?.port,
        );
        if (!probed || probed.containerPort !== metricsPort) problems.push(`${where}: probes a port other than METRICS_PORT`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("pins every image: a tag (never latest), and in production a digest", () => {
    const images = pods().flatMap(({ pod }) => allContainers(pod).map((c) => c.image));
    const unpinned = images.filter((image) => {
      const name = image.split("@")[0] ?? "";
      const tag = name.slice(name.lastIndexOf("/") + 1).split(":")[1];
      return !tag || tag === "latest" || (overlay === "production" && !DIGEST.test(image));
    });
    expect(images.length).toBeGreaterThan(0);
    expect(unpinned).toEqual([]);
  });

  it("gives every Deployment and the NATS StatefulSet a PodDisruptionBudget", () => {
    const budgets = ofKind(overlay, "PodDisruptionBudget");
    const covered = pods().filter((w) => w.object.kind === "Deployment" || w.object.metadata.name === "nats");
    const without = covered
      .filter((w) => !budgets.some((b) => selects((b.spec as { selector: object }).selector, w.labels)))
      .map((w) => idOf(w.object));
    expect(covered.length).toBeGreaterThanOrEqual(7);
    expect(without).toEqual([]);
  });

  it("denies all traffic by default and allows exactly the architecture's flows", () => {
    const policies = ofKind(overlay, "NetworkPolicy");
    const denyAll = policies.find((p) => {
      const spec = p.spec as { podSelector: object; policyTypes?: string[]; ingress?: unknown; egress?: unknown };
      return (
        Object.keys(spec.podSelector).length === 0 &&
        spec.policyTypes?.includes("Ingress") &&
        spec.policyTypes.includes("Egress") &&
        !spec.ingress &&
        !spec.egress
      );
    });
    expect(denyAll, "a NetworkPolicy selecting every pod with no rules").toBeDefined();
    const actual = Object.fromEntries(
      pods().map((w) => [
        appName(w),
        { egress: allowedFlows(w, "Egress", policies, pods()), ingress: allowedFlows(w, "Ingress", policies, pods()) },
      ]),
    );
    const expected = Object.fromEntries(
      Object.entries(EXPECTED_FLOWS[overlay]).map(([app, f]) => [app, { egress: [...f.egress].sort(), ingress: [...f.ingress].sort() }]),
    );
    expect(actual).toEqual(expected);
  });

  it("scales the encoders with KEDA on the `encoder` consumer of JOBS, read from the NATS headless service", () => {
    const scaler = one(overlay, "ScaledObject", "encoder");
    const spec = scaler.spec as {
      scaleTargetRef: { name: string };
      minReplicaCount: number;
      maxReplicaCount: number;
      triggers: { type: string; metadata: Record<string, string> }[];
    };
    expect(spec.scaleTargetRef.name).toBe("encoder");
    one(overlay, "Deployment", "encoder");
    expect(spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(spec.maxReplicaCount).toBeGreaterThan(spec.minReplicaCount);
    const [trigger] = spec.triggers;
    expect(trigger?.type).toBe("nats-jetstream");
    expect(trigger?.metadata).toMatchObject({
      stream: "JOBS",
      consumer: "encoder",
      account: "$G",
      lagThreshold: "1",
      activationLagThreshold: "0",
    });

    const headless = one(overlay, "Service", "nats-headless");
    const hs = headless.spec as { clusterIP: string; ports: { name: string; port: number }[] };
    expect(hs.clusterIP).toBe("None");
    expect(hs.ports.find((p) => p.name === "monitor")?.port).toBe(8222);
    expect(trigger?.metadata.natsServerMonitoringEndpoint).toBe(`nats-headless.${headless.metadata.namespace}.svc.cluster.local:8222`);
  });

  it("lets a scaled-in encoder finish or hand back its job before the kubelet kills it", () => {
    const encoder = workloads([one(overlay, "Deployment", "encoder")])[0];
    const container = encoder?.pod.containers[0];
    const stopGraceMs = Number(container?.env?.find((e) => e.name === "ENCODER_STOP_GRACE_MS")?.value);
    // encoder/worker/main.ts exits at most 10 s after the jobs' grace (hand-back, NATS close).
    expect(stopGraceMs).toBeGreaterThanOrEqual(30 * 60_000);
    expect(encoder?.pod.terminationGracePeriodSeconds).toBeGreaterThan(stopGraceMs / 1000 + 10);
    expect(container?.env?.find((e) => e.name === "ENCODER_CONCURRENCY")?.value).toBe("1");
  });

  it("runs NATS as 3 servers with JetStream on volumes and `sync_interval: always`", () => {
    const nats = one(overlay, "StatefulSet", "nats");
    const spec = nats.spec as { replicas: number; serviceName: string; volumeClaimTemplates: { metadata: { name: string } }[] };
    expect(spec.replicas).toBe(3);
    expect(spec.serviceName).toBe("nats-headless");
    expect(spec.volumeClaimTemplates.map((v) => v.metadata.name)).toContain("nats-js");
    const conf = one(overlay, "ConfigMap", "nats-config").data?.["nats.conf"] ?? "";
    expect(conf).toMatch(/"sync_interval":\s*"always"/);
    expect(conf).toMatch(/"store_dir":\s*"\/data"/);
    expect(conf.match(/nats:\/\/nats-\d\.nats-headless:6222/g)).toHaveLength(3);
    const config = one(overlay, "ConfigMap", "vod-config").data ?? {};
    expect(config.NATS_URL?.split(",")).toHaveLength(3);
    expect(config.JETSTREAM_REPLICAS).toBe("3");
  });

  it("migrates before the services: a migrate Job, and the same locked command first in every database user", () => {
    const job = workloads([one(overlay, "Job", "migrate")])[0];
    expect(job?.pod.containers[0]?.args).toEqual(["node", "migrate.mjs"]);
    for (const name of ["relay", "projector"]) {
      const [w] = workloads([one(overlay, "Deployment", name)]);
      expect(
        w?.pod.initContainers?.map((c) => c.args),
        name,
      ).toEqual([["node", "migrate.mjs"]]);
    }
  });
});
