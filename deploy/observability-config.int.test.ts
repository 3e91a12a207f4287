import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { originServices } from "../local/launcher/origin-processes.js";
import { ensurePrometheus } from "../local/testing/prometheus.js";

/**
 * The shipped Prometheus, Grafana and collector configuration, checked with Prometheus' own tool
 * (Debian's `prometheus` package brings `promtool`). Whether the dashboards' queries find series is
 * test/flows/observability.test.ts's job.
 */
const run = promisify(execFile);
const DEPLOY = join(process.cwd(), "deploy");
const PROMETHEUS_DIR = join(DEPLOY, "prometheus");
const DASHBOARD_DIR = join(DEPLOY, "grafana", "dashboards");
const DATASOURCES = join(DEPLOY, "grafana", "provisioning", "datasources", "datasources.yml");
// A metric's name ends in one of these; what comes before is the process that serves it.
const METRIC_NAME = /\b[a-z][a-z0-9_]*_(?:total|seconds|bucket|count|sum|pending|bytes|consuming|in_flight|factor)\b/g;

/** The origin processes as the launcher names them, one name per kind (encoder-1, encoder-2… are encoder). */
const originKinds = () => new Set(originServices({ ENCODERS: "1" }, 0).map((s) => s.name.replace(/-\d+$/, "")));

async function promtool(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run("promtool", args, { cwd: PROMETHEUS_DIR });
    return stdout + stderr;
  } catch (err) {
    const { stdout = "", stderr = "" } = err as { stdout?: string; stderr?: string };
    throw new Error(`promtool ${args.join(" ")} failed:\n${stdout}${stderr}`);
  }
}

interface Panel {
  title: string;
  type: string;
  datasource?: { uid: string };
  targets?: { expr?: string; datasource?: { uid: string } }[];
  panels?: Panel[];
}

async function dashboards(): Promise<{ file: string; uid: string; panels: Panel[] }[]> {
  const files = ["origin-overview.json", "edge-api.json", "logs.json"];
  return Promise.all(
    files.map(async (file) => {
      const json = JSON.parse(await readFile(join(DASHBOARD_DIR, file), "utf8")) as { uid: string; panels: Panel[] };
      const flat: Panel[] = [];
      const visit = (panels: Panel[]) => panels.forEach((p) => (flat.push(p), visit(p.panels ?? [])));
      visit(json.panels);
      return { file, uid: json.uid, panels: flat };
    }),
  );
}

describe("Prometheus configuration", () => {
  beforeAll(ensurePrometheus, 300_000);

  it("passes promtool check config, which also loads the rule files", async () => {
    expect(await promtool("check", "config", "prometheus.yml")).toContain("SUCCESS");
  });

  it("passes promtool check rules", async () => {
    expect(await promtool("check", "rules", "rules.yml")).toMatch(/SUCCESS: \d+ rules found/);
  });

  it("passes the rule unit tests (promtool test rules)", async () => {
    expect(await promtool("test", "rules", "rules.test.yml")).toContain("SUCCESS");
  });

  it("scrapes each origin service and the edge under the job names the dashboards select on", async () => {
    const config = await readFile(join(PROMETHEUS_DIR, "prometheus.yml"), "utf8");
    const jobs = [...config.matchAll(/job_name:\s*(\S+)/g)].map((m) => m[1]);
    expect(new Set(jobs)).toEqual(new Set([...originKinds(), "edge"]));
  });

  it("scrapes services compose runs under the same names", async () => {
    const config = await readFile(join(PROMETHEUS_DIR, "prometheus.yml"), "utf8");
    const hosts = [...config.matchAll(/targets:\s*\["([^":]+):\d+"\]/g)].map((m) => m[1]);
    const compose = parse(await readFile(join(DEPLOY, "..", "compose.yaml"), "utf8")) as { services: Record<string, unknown> };
    expect(hosts).toContain("projector");
    for (const host of hosts) expect(Object.keys(compose.services), host).toContain(host);
  });

  it("reads every metric in rules and dashboards under the name of the process that serves it", async () => {
    const rules = await readFile(join(PROMETHEUS_DIR, "rules.yml"), "utf8");
    const exprs = (await dashboards()).flatMap((b) => b.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? "")));
    const metrics = [...[rules, ...exprs].join("\n").matchAll(METRIC_NAME)].map((m) => m[0]);
    // process_*: prom-client's default metrics, which every process serves.
    const owners = [...originKinds(), "edge", "process"].map((name) => `${name.replace(/-/g, "_")}_`);
    expect(metrics.length).toBeGreaterThan(10);
    for (const metric of new Set(metrics))
      expect(
        owners.some((owner) => metric.startsWith(owner)),
        metric,
      ).toBe(true);
  });
});

describe("Grafana provisioning", () => {
  it("points every panel at a provisioned data source, with unique dashboard uids", async () => {
    const provisioned = new Set([...(await readFile(DATASOURCES, "utf8")).matchAll(/^\s+uid:\s*(\S+)/gm)].map((m) => m[1]));
    expect(provisioned).toEqual(new Set(["prometheus", "loki", "jaeger"]));
    const boards = await dashboards();
    expect(new Set(boards.map((b) => b.uid)).size).toBe(boards.length);
    for (const board of boards) {
      for (const panel of board.panels.filter((p) => p.type !== "row")) {
        expect(provisioned.has(panel.datasource?.uid ?? ""), `${board.file} / ${panel.title}`).toBe(true);
        expect(panel.targets?.length, `${board.file} / ${panel.title}`).toBeGreaterThan(0);
        for (const target of panel.targets ?? []) expect(target.expr, `${board.file} / ${panel.title}`).toBeTruthy();
      }
    }
  });

  it("filters logs on the JSON level field, never on the word error in the text", async () => {
    const logs = (await dashboards()).find((b) => b.file === "logs.json")!;
    const exprs = logs.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ""));
    const byLevel = exprs.filter((e) => /\|\s*json\s*\|\s*level\s*=~?\s*"/.test(e));
    expect(byLevel.length).toBeGreaterThanOrEqual(2);
    for (const expr of exprs) expect(expr).not.toMatch(/\|[=~]\s*"(?:error|ERROR)/);
    expect(logs.panels.every((p) => p.type === "row" || p.datasource?.uid === "loki")).toBe(true);
  });
});
