import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";

const run = promisify(execFile);

export const K8S_DIR = join(process.cwd(), "deploy", "k8s");
export const OVERLAYS = ["production", "local"] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** A rendered Kubernetes object: the fields every kind has, the rest read by each check. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [key: string]: unknown;
}

const INSTALL_HINT =
  "kubectl is needed to render deploy/k8s (kustomize is built into it). Install it from " +
  "https://kubernetes.io/docs/tasks/tools/ (Debian/Ubuntu: the pkgs.k8s.io apt repository, `apt-get install kubectl`; " +
  "or download the static binary from https://dl.k8s.io/release/<version>/bin/linux/amd64/kubectl) and put it on PATH.";

/** `kubectl kustomize` of one overlay, parsed. Never skipped: without kubectl the check fails and says why. */
export async function renderOverlay(overlay: Overlay): Promise<K8sObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await run("kubectl", ["kustomize", join(K8S_DIR, "overlays", overlay)], { maxBuffer: 32 * 1024 * 1024 }));
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") throw new Error(INSTALL_HINT);
    throw new Error(`kubectl kustomize overlays/${overlay} failed:\n${e.stderr ?? e.message}`);
  }
  return parseAllDocuments(stdout).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`overlays/${overlay} rendered invalid YAML: ${doc.errors[0]?.message}`);
    return doc.toJS() as K8sObject;
  });
}

export const idOf = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;
