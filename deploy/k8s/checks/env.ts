import type { Container } from "./pods.js";
import type { K8sObject } from "./render.js";

/** Secrets created outside git (production): name -> keys, as deploy/k8s/README.md tells the operator. */
export type ExternalSecrets = Map<string, Set<string>>;

/** Reads every `kubectl ... create secret generic NAME --from-literal=KEY=...` command of a Markdown file. */
export function documentedSecrets(markdown: string): ExternalSecrets {
  const secrets: ExternalSecrets = new Map();
  // Backslash continuations make one command of several lines.
  const commands = markdown.replace(/\\\n\s*/g, " ").split("\n");
  for (const line of commands) {
    const name = /create secret generic ([a-z0-9-]+)/.exec(line)?.[1];
    if (!name) continue;
    const keys = secrets.get(name) ?? new Set<string>();
    for (const m of line.matchAll(/--from-literal=([A-Z0-9_]+)=/g)) if (m[1]) keys.add(m[1]);
    secrets.set(name, keys);
  }
  return secrets;
}

export interface ResolvedEnv {
  /** Variables the container will have, with a value or a reference that must resolve. */
  set: Set<string>;
  /** Every variable name the manifest mentions, set or optional. */
  named: Set<string>;
  problems: string[];
}

/**
 * What a container's environment holds once Kubernetes resolved its references against this render's
 * ConfigMaps and Secrets (or, for Secrets created outside git, the documented ones). A non-optional
 * reference to a missing key is a problem: the pod would not start.
 */
export function resolveEnv(container: Container, objects: K8sObject[], external: ExternalSecrets): ResolvedEnv {
  const set = new Set<string>();
  const named = new Set<string>();
  const problems: string[] = [];
  if (container.envFrom) problems.push("envFrom hides variable names from this check: list each one in env");
  const keysOf = (kind: string, name: string): Set<string> | undefined => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (found) return new Set(Object.keys({ ...(found.data ?? {}), ...((found.stringData as object | undefined) ?? {}) }));
    return kind === "Secret" ? external.get(name) : undefined;
  };
  for (const variable of container.env ?? []) {
    named.add(variable.name);
    const ref = variable.valueFrom?.configMapKeyRef ?? variable.valueFrom?.secretKeyRef;
    if (!ref) {
      set.add(variable.name);
      continue;
    }
    const kind = variable.valueFrom?.configMapKeyRef ? "ConfigMap" : "Secret";
    const present = keysOf(kind, ref.name)?.has(ref.key) ?? false;
    if (present) set.add(variable.name);
    else if (!ref.optional) problems.push(`${variable.name}: ${kind} ${ref.name} has no key ${ref.key}`);
  }
  return { set, named, problems };
}
