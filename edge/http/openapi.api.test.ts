import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { edgeHarness, type Harness } from "../../local/testing/edge-harness.js";
import { apiDocument } from "../../web/generate-api-types.js";

const root = join(import.meta.dirname, "..", "..");
const spectral = join(root, "node_modules", ".bin", "spectral");
const SPECTRAL_TIMEOUT_MS = 60_000;

interface Finding {
  code: string;
  message: string;
  path: string[];
  severity: number;
}

/** Lints a document with the repo's .spectral.yaml (`spectral:oas`); every finding, whatever its severity. */
async function lint(document: unknown): Promise<Finding[]> {
  const dir = await mkdtemp(join(tmpdir(), "vod-spectral-"));
  try {
    const file = join(dir, "openapi.json");
    const report = join(dir, "report.json");
    await writeFile(file, JSON.stringify(document, null, 2));
    // Exits 1 when there is an error; the report says what, so it is read either way.
    await promisify(execFile)(
      spectral,
      ["lint", file, "--ruleset", join(root, ".spectral.yaml"), "--format", "json", "--output", report, "--quiet"],
      {
        cwd: root,
        timeout: SPECTRAL_TIMEOUT_MS,
      },
    ).catch((error: { code?: unknown }) => {
      if (error.code !== 1) throw error;
    });
    return JSON.parse(await readFile(report, "utf8")) as Finding[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const described = (findings: Finding[]) => findings.map((f) => `${f.code} at ${f.path.join(".")}: ${f.message}`);

let h: Harness;
let served: { paths: Record<string, Record<string, unknown>> };
beforeAll(async () => {
  h = await edgeHarness();
  const res = await h.call("GET", "/openapi.json");
  expect(res.status).toBe(200);
  served = res.body as typeof served;
});

describe("the served API description", () => {
  it(
    "passes spectral's standard ruleset (spectral:oas) with no error and no warning",
    async () => {
      expect(described(await lint(served))).toEqual([]);
    },
    SPECTRAL_TIMEOUT_MS,
  );

  it(
    "is linted for real: an operation without operationId, description and tags is reported",
    async () => {
      const broken = structuredClone(served);
      const operation = broken.paths["/videos"]!.get as Record<string, unknown>;
      delete operation.operationId;
      delete operation.description;
      const codes = (await lint(broken)).map((f) => f.code);
      expect(codes).toEqual(expect.arrayContaining(["operation-operationId", "operation-description"]));
    },
    SPECTRAL_TIMEOUT_MS,
  );

  it("is the document the web client's types are generated from (npm run types:api)", () => {
    expect(served).toEqual(apiDocument());
  });
});
