import { appName, selects, type LabelSelector, type Workload } from "./pods.js";
import type { K8sObject } from "./render.js";

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  to?: Peer[];
  from?: Peer[];
  ports?: { port?: number | string }[];
}
interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: ("Ingress" | "Egress")[];
  ingress?: Rule[];
  egress?: Rule[];
}

/** Names a peer the way the expectations do: a workload of this render, `ns/app` elsewhere, or `internet`. */
function peerNames(peer: Peer, pods: Workload[]): string[] {
  if (peer.ipBlock) return [peer.ipBlock.cidr === "0.0.0.0/0" ? "internet" : peer.ipBlock.cidr];
  if (peer.namespaceSelector) {
    const ns = peer.namespaceSelector.matchLabels?.["kubernetes.io/metadata.name"] ?? "any-namespace";
    const app = Object.values(peer.podSelector?.matchLabels ?? {}).join(",") || "any-pod";
    return [`${ns}/${app}`];
  }
  const matched = pods.filter((w) => selects(peer.podSelector ?? {}, w.labels)).map(appName);
  // A selector that matches no pod here is a typo or a stale label: show it rather than drop it.
  return matched.length > 0 ? [...new Set(matched)] : [`nothing(${JSON.stringify(peer.podSelector)})`];
}

/**
 * What the NetworkPolicies let one workload's pods send (egress) or receive (ingress), as `peer:port`
 * strings. Policies add up; a pod no policy of that type selects would be open, shown as `open`.
 */
export function allowedFlows(target: Workload, direction: "Ingress" | "Egress", policies: K8sObject[], pods: Workload[]): string[] {
  const selecting = policies
    .map((p) => p.spec as unknown as PolicySpec)
    .filter((spec) => selects(spec.podSelector, target.labels) && (spec.policyTypes ?? ["Ingress"]).includes(direction));
  if (selecting.length === 0) return ["open"];
  const flows = new Set<string>();
  for (const spec of selecting) {
    for (const rule of (direction === "Egress" ? spec.egress : spec.ingress) ?? []) {
      const peers = (direction === "Egress" ? rule.to : rule.from) ?? [];
      const names = peers.length === 0 ? ["anywhere"] : peers.flatMap((p) => peerNames(p, pods));
      const ports = (rule.ports ?? []).map((p) => String(p.port ?? "*"));
      for (const name of names) for (const port of ports.length > 0 ? ports : ["*"]) flows.add(`${name}:${port}`);
    }
  }
  return [...flows].sort();
}
