import type { K8sObject } from "./render.js";

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: object) => Validatable;

// kubernetes-models publishes one module per API group version (`kubernetes-models/apps/v1`, core is
// `kubernetes-models/v1`); @kubernetes-models/keda does the same for keda.sh.
function moduleFor(apiVersion: string): string {
  if (apiVersion.startsWith("keda.sh/")) return `@kubernetes-models/keda/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

/**
 * Validates one object against its published schema. An apiVersion/kind with no model is a failure too,
 * so a typo in either (or a CRD nobody can check) does not pass unseen.
 */
export async function schemaProblems(object: K8sObject): Promise<string | undefined> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(moduleFor(object.apiVersion))) as Record<string, unknown>;
  } catch {
    return `no schema package for apiVersion ${object.apiVersion}`;
  }
  const Model = mod[object.kind] as ModelClass | undefined;
  if (typeof Model !== "function") return `no schema for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object).validate();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
