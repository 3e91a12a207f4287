import { readdirSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The edge's layout, checked rather than hoped for: a folder (auth, uploads, runtime...) shows others only
 * its index.ts (and, for runtime/<name>/, that subfolder's index.ts); folders never import each other in a
 * circle; only the entries and tests reach the app at the root; and nothing at the edge reaches the origin or
 * encoder code, nor, outside tests, the local stand-ins, the test suites or the benchmarks.
 */
const EDGE = fileURLToPath(new URL(".", import.meta.url));
const NEVER = ["origin", "encoder"];
const TESTS_ONLY = ["local", "test", "bench"];
const ROOT = "(root)";

/** Relative import specifiers per file, keyed by the file's path under edge/ ("auth/guard.ts"). */
type ImportMap = Map<string, string[]>;

function edgeImports(): ImportMap {
  const files: ImportMap = new Map();
  for (const entry of readdirSync(EDGE, { recursive: true, encoding: "utf8" })) {
    const file = entry.split("\\").join("/");
    if (!/\.(ts|mjs)$/.test(file)) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(EDGE + file, "utf8"), true, true);
    files.set(
      file,
      importedFiles.map((i) => i.fileName).filter((name) => name.startsWith(".")),
    );
  }
  return files;
}

const isTest = (file: string) => file.endsWith(".test.ts");
const folderOf = (file: string) => (file.includes("/") ? file.slice(0, file.indexOf("/")) : ROOT);
const sourceOf = (specifier: string) => specifier.replace(/\.js$/, ".ts");

/** Where each import lands: a path under edge/, or outside it as "../<top-level folder>/...". */
function* edges(files: ImportMap) {
  for (const [file, specifiers] of files) {
    for (const specifier of specifiers)
      yield { file, specifier, target: posix.normalize(posix.join(posix.dirname(file), sourceOf(specifier))) };
  }
}

function boundaryViolations(files: ImportMap): string[] {
  const found: string[] = [];
  for (const { file, specifier, target } of edges(files)) {
    if (target.startsWith("../")) {
      const top = target.split("/")[1] ?? "";
      if (NEVER.includes(top) || (TESTS_ONLY.includes(top) && !isTest(file)))
        found.push(`${file} imports ${specifier}: ${top}/ is out of the edge's reach`);
      continue;
    }
    const from = folderOf(file);
    const to = folderOf(target);
    if (from === to) continue;
    if (to === ROOT) {
      if (from !== "entries" && !isTest(file)) found.push(`${file} imports ${specifier}: only entries and tests use the app`);
    } else if (posix.basename(target) !== "index.ts") {
      found.push(`${file} imports ${specifier}: another folder's internals; import its index.js`);
    }
  }
  return found;
}

/** Groups of folders that reach each other through production code (Tarjan's strongly connected components). */
function folderCycles(files: ImportMap): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { file, target } of edges(files)) {
    if (isTest(file) || target.startsWith("../")) continue;
    const from = folderOf(file);
    const to = folderOf(target);
    if (from !== to) graph.set(from, (graph.get(from) ?? new Set()).add(to));
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (folder: string) => {
    index.set(folder, index.size);
    low.set(folder, index.get(folder)!);
    stack.push(folder);
    for (const next of graph.get(folder) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(folder, Math.min(low.get(folder)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(folder, Math.min(low.get(folder)!, index.get(next)!));
      }
    }
    if (low.get(folder) !== index.get(folder)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member) component.push(member);
    } while (member !== folder);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const folder of graph.keys()) if (!index.has(folder)) visit(folder);
  return cycles;
}

describe("the edge's folders", () => {
  const files = edgeImports();

  it("are all seen", () => {
    expect([...files.keys()]).toEqual(expect.arrayContaining(["app.ts", "auth/index.ts", "entries/worker.ts", "runtime/node/index.ts"]));
  });

  it("import one another only through index.ts, and stay out of origin, encoder and (outside tests) local, test and bench", () => {
    expect(boundaryViolations(files)).toEqual([]);
  });

  it("do not import each other in a circle", () => {
    expect(folderCycles(files)).toEqual([]);
  });

  it("would be caught reaching into internals, out of the edge, or in a circle", () => {
    const broken: ImportMap = new Map([
      ["uploads/routes.ts", ["../catalog/queries.js", "../../local/testing/edge-harness.js", "./direct-uploads.js"]],
      ["uploads/index.ts", ["./routes.js", "../catalog/index.js"]],
      ["uploads/uploads.api.test.ts", ["../../local/testing/edge-harness.js", "../app.js"]],
      ["catalog/index.ts", ["../uploads/index.js"]],
      ["playback/routes.ts", ["../../origin/relay/index.js", "../app.js"]],
      ["entries/node.ts", ["../app.js", "../runtime/node/index.js"]],
    ]);
    expect(boundaryViolations(broken)).toEqual([
      "uploads/routes.ts imports ../catalog/queries.js: another folder's internals; import its index.js",
      "uploads/routes.ts imports ../../local/testing/edge-harness.js: local/ is out of the edge's reach",
      "playback/routes.ts imports ../../origin/relay/index.js: origin/ is out of the edge's reach",
      "playback/routes.ts imports ../app.js: only entries and tests use the app",
    ]);
    expect(folderCycles(broken)).toEqual([["catalog", "uploads"]]);
  });
});
