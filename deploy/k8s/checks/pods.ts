import type { K8sObject } from "./render.js";

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
  };
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
  exec?: { command: string[] };
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: EnvVar[];
  envFrom?: unknown[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    seccompProfile?: { type: string };
  };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
  volumes?: { name: string; hostPath?: unknown; emptyDir?: { sizeLimit?: string } }[];
}

/** Something that runs pods: its pod labels and spec. */
export interface Workload {
  object: K8sObject;
  labels: Record<string, string>;
  pod: PodSpec;
}

const POD_KINDS = new Set(["Deployment", "StatefulSet", "Job", "DaemonSet", "ReplicaSet", "Pod", "CronJob"]);

export function workloads(objects: K8sObject[]): Workload[] {
  return objects
    .filter((o) => POD_KINDS.has(o.kind))
    .map((object) => {
      const spec = object.spec as Record<string, unknown>;
      if (object.kind === "Pod") return { object, labels: object.metadata.labels ?? {}, pod: spec as unknown as PodSpec };
      const template = (
        object.kind === "CronJob" ? (spec.jobTemplate as { spec: { template: unknown } }).spec.template : spec.template
      ) as { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
      return { object, labels: template.metadata?.labels ?? {}, pod: template.spec };
    });
}

export const allContainers = (pod: PodSpec): Container[] => [...(pod.initContainers ?? []), ...pod.containers];

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}

/** Kubernetes label-selector semantics; an empty selector matches everything. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    const value = labels[key];
    if (operator === "In") return value !== undefined && values.includes(value);
    if (operator === "NotIn") return value === undefined || !values.includes(value);
    if (operator === "Exists") return value !== undefined;
    return value === undefined;
  });
  return byLabel && byExpression;
}

export const appName = (w: Workload): string => w.labels["app.kubernetes.io/name"] ?? w.object.metadata.name;
