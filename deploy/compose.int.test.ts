import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import images from "./images.json" with { type: "json" };

/** compose.yaml without an engine: the compose-spec linter, then what Docker users get from it. */
const run = promisify(execFile);

interface Service {
  build?: { dockerfile: string };
  command?: string[];
  read_only?: boolean;
  tmpfs?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
}
const services = (parse(readFileSync("compose.yaml", "utf8")) as { services: Record<string, Service> }).services;
const dockerfileOf = Object.fromEntries(Object.values(images).map((i) => [i.dockerfile, i]));
const production = Object.entries(services).filter(([, s]) => s.build && dockerfileOf[s.build.dockerfile]);

describe("compose.yaml", () => {
  it("passes dclint (compose-spec schema and its error rules)", async () => {
    await expect(run("npx", ["dclint", "--quiet", "--color=false", "compose.yaml"])).resolves.toBeDefined();
  });

  it("runs every entry of the production images, as Kubernetes does: `node <name>.mjs`, read-only root", () => {
    const commands = production.map(([, s]) => s.command?.join(" ")).sort();
    const entries = Object.values(images)
      .flatMap((i) => Object.keys(i.entries).map((e) => `node ${e}.mjs`))
      .sort();
    expect(commands).toEqual(entries);
    for (const [name, s] of production) {
      expect(s.read_only, name).toBe(true);
      // migrate writes nothing; every long-running service gets /tmp and nothing else.
      if (name !== "migrate")
        expect(
          s.tmpfs?.map((t) => t.split(":")[0]),
          name,
        ).toEqual(["/tmp"]);
    }
  });

  it("migrates with the production command before anything that reads the database starts", () => {
    for (const name of ["relay", "projector", "edge"]) {
      expect(services[name]?.depends_on, name).toMatchObject({ migrate: { condition: "service_completed_successfully" } });
    }
  });

  it("builds the stand-ins from their dev-only image, never from a production one", () => {
    expect(services["local-proxies"]?.build?.dockerfile).toBe("deploy/local-stand-ins.Dockerfile");
    expect(services.catalog).toBeUndefined();
  });
});
