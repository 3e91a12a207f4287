import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { encoderConfigSchema } from "../../encoder/worker/config.js";
import { deadLetterConfigSchema } from "../../origin/dead-letter/config.js";
import { deleterConfigSchema } from "../../origin/deleter/config.js";
import { projectorConfigSchema } from "../../origin/projector/config.js";
import { relayConfigSchema } from "../../origin/relay/config.js";
import { documentedSecrets, resolveEnv, type ExternalSecrets } from "./checks/env.js";
import { allContainers, workloads } from "./checks/pods.js";
import { K8S_DIR, OVERLAYS, renderOverlay, type K8sObject, type Overlay } from "./checks/render.js";

/**
 * Each service's zod config schema against its Deployment's environment, in both overlays: every
 * variable the schema requires is set (a new required variable without a manifest entry fails here, not at
 * start-up in the cluster), and every variable the manifest sets is one the schema reads (a typo fails).
 */
const SCHEMAS: Record<string, z.ZodObject> = {
  relay: relayConfigSchema,
  projector: projectorConfigSchema,
  "dead-letter": deadLetterConfigSchema,
  deleter: deleterConfigSchema,
  encoder: encoderConfigSchema,
};

/** migrate.mjs has no exported schema: it reads the direct connection string and nothing else. */
const MIGRATE_ENV = ["DATABASE_URL"];

const requiredKeys = (schema: z.ZodObject): string[] =>
  Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key);

let external: ExternalSecrets;
const rendered = new Map<Overlay, K8sObject[]>();
beforeAll(async () => {
  external = documentedSecrets(await readFile(join(K8S_DIR, "README.md"), "utf8"));
  for (const overlay of OVERLAYS) rendered.set(overlay, await renderOverlay(overlay));
});

describe.each(OVERLAYS)("overlays/%s environment", (overlay) => {
  const objects = (): K8sObject[] => rendered.get(overlay) ?? [];
  // Only production relies on Secrets made by hand; locally every Secret must be in the render.
  const secretsOutsideGit = (): ExternalSecrets => (overlay === "production" ? external : new Map());
  const main = (name: string) => {
    const [w] = workloads(objects().filter((o) => o.kind === "Deployment" && o.metadata.name === name));
    if (!w) throw new Error(`overlays/${overlay} renders no Deployment/${name}`);
    return w.pod.containers[0]!;
  };

  it.each(Object.keys(SCHEMAS))("%s sets every variable its schema requires, each reference resolving", (service) => {
    const env = resolveEnv(main(service), objects(), secretsOutsideGit());
    expect(env.problems).toEqual([]);
    expect(requiredKeys(SCHEMAS[service]!).filter((key) => !env.set.has(key))).toEqual([]);
  });

  it.each(Object.keys(SCHEMAS))("%s sets no variable its schema does not read", (service) => {
    const known = new Set(Object.keys(SCHEMAS[service]!.shape));
    const env = resolveEnv(main(service), objects(), secretsOutsideGit());
    expect([...env.named].filter((name) => !known.has(name))).toEqual([]);
  });

  it("gives every migrate container (Job and init steps) exactly the direct DATABASE_URL", () => {
    const migrates = workloads(objects()).flatMap((w) => allContainers(w.pod).filter((c) => c.args?.join(" ") === "node migrate.mjs"));
    expect(migrates.length).toBe(3);
    for (const c of migrates) {
      const env = resolveEnv(c, objects(), secretsOutsideGit());
      expect(env.problems).toEqual([]);
      expect([...env.named]).toEqual(MIGRATE_ENV);
      expect([...env.set]).toEqual(MIGRATE_ENV);
    }
  });
});

describe("the checks themselves", () => {
  it("see required variables: a schema's variable without default or optional() counts", () => {
    expect(requiredKeys(relayConfigSchema)).toEqual(expect.arrayContaining(["DATABASE_URL", "NATS_URL"]));
    expect(requiredKeys(relayConfigSchema)).not.toContain("METRICS_PORT");
    expect(requiredKeys(encoderConfigSchema)).not.toContain("ENCODER_HEARTBEAT_MS");
  });
});
