import { createRoute, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { createApp } from "../app.js";
import { API_TAGS, errorResponses, jsonResponse, OPENAPI_DOCUMENT, undocumented } from "./openapi.js";
import { edgeRoutes } from "./validation.js";

// Describing the routes needs no service: no request is made, so no port is asked for.
const app = createApp({
  ports: () => {
    throw new Error("not called: no request is made");
  },
  clientAddress: () => "",
});
/** Every route the app registers, as its OpenAPI definition. */
const registeredRoutes = () => app.openAPIRegistry.definitions.flatMap((d) => (d.type === "route" ? [d.route] : []));

const name = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;

describe("every operation of the API description", () => {
  const routes = registeredRoutes();

  it("has a camelCase operationId, a summary, a description, declared tags and a schema for each error", () => {
    expect(routes.length).toBeGreaterThan(25);
    const incomplete = routes.map((r) => [name(r), undocumented(r)] as const).filter(([, missing]) => missing.length > 0);
    expect(incomplete, "add what each route lacks (see edge/http/openapi.ts)").toEqual([]);
  });

  it("has an operationId no other has, since generated clients name their methods after it", () => {
    const ids = routes.map((r) => r.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("answers errors with the envelope, except /health whose body probes read", () => {
    const { paths } = app.getOpenAPI31Document(OPENAPI_DOCUMENT);
    let checked = 0;
    for (const [path, item] of Object.entries(paths ?? {}).filter(([path]) => path !== "/health"))
      for (const [method, operation] of Object.entries(item as Record<string, { responses: Record<string, unknown> }>))
        for (const [status, response] of Object.entries(operation.responses))
          if (Number(status) >= 400) {
            checked += 1;
            expect(response, `${method.toUpperCase()} ${path} ${status}`).toMatchObject({
              content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorEnvelope" } } },
            });
          }
    expect(checked).toBeGreaterThan(50);
  });

  it("documents the statuses every route can give: 503 on an outage, 401 behind a token, 400 and 413 for input", () => {
    const byName = new Map(routes.map((r) => [name(r), Object.keys(r.responses)]));
    expect(byName.get("POST /uploads")).toEqual(expect.arrayContaining(["400", "401", "413", "429", "503"]));
    expect(byName.get("GET /videos/{id}")).toEqual(expect.arrayContaining(["400", "401", "404", "503"]));
    expect(byName.get("GET /videos")).toEqual(expect.arrayContaining(["400", "503"]));
    expect(byName.get("GET /videos")).not.toContain("401");
  });

  it("uses only tags declared at the top level, and every declared tag is used", () => {
    const used = new Set(routes.flatMap((r) => r.tags ?? []));
    expect([...used].sort()).toEqual(API_TAGS.map((t) => t.name).sort());
  });
});

describe("edgeRoutes()", () => {
  const complete = {
    method: "get" as const,
    path: "/widgets",
    operationId: "listWidgets",
    summary: "Widgets",
    description: "Every widget.",
    tags: ["videos"],
    responses: { 200: jsonResponse("The widgets", z.object({})), ...errorResponses({ 404: "No widgets" }) },
  };

  it("refuses a route that lacks part of its description, naming the route and what is missing", () => {
    const { operationId: _, description: __, ...bare } = complete;
    expect(() => edgeRoutes().openapi(createRoute({ ...bare, tags: ["widgets"] }), (c) => c.json({}, 200))).toThrow(
      'GET /widgets is not documented: it needs an operationId in camelCase (verb+noun), a description, tag "widgets" declared in API_TAGS',
    );
    expect(() =>
      edgeRoutes().openapi(createRoute({ ...complete, operationId: "list_widgets" }), (c) => c.json({ message: "", data: {} }, 200)),
    ).toThrow(/operationId in camelCase/);
  });

  it("accepts a documented route and adds the errors its own machinery gives", () => {
    const routes = edgeRoutes().openapi(createRoute(complete), (c) => c.json({ message: "", data: {} }, 200));
    const [definition] = routes.openAPIRegistry.definitions.flatMap((d) => (d.type === "route" ? [d.route] : []));
    expect(Object.keys(definition!.responses).sort()).toEqual(["200", "404", "503"]);
    expect(definition!.responses[404]).toMatchObject({ description: "No widgets" });
    expect(definition!.responses[503]).toMatchObject({ headers: { "Retry-After": { schema: { type: "integer" } } } });
  });
});
