import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { ZodObject, type ZodError } from "zod";
import { invalid, type FieldErrors } from "../../shared/errors.js";
import type { EdgeEnv } from "./env.js";
import { undocumented, withMachineryErrors } from "./openapi.js";

/** Every field of the schema is present in the answer: `[]` when it passed. */
function fieldErrors(schema: ZodObject | undefined, error: ZodError): FieldErrors {
  const errors: FieldErrors = Object.fromEntries(Object.keys(schema?.shape ?? {}).map((k) => [k, [] as string[]]));
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) errors[key] = [issue.message];
      continue;
    }
    const field = issue.path.length > 0 ? String(issue.path[0]) : "body";
    const message = issue.path.length === 0 && issue.code === "invalid_type" ? "The body must be a JSON object." : issue.message;
    (errors[field] ??= []).push(message);
  }
  return errors;
}

const objectOrUndefined = (schema: unknown) => (schema instanceof ZodObject ? schema : undefined);

/** The schema a validator target checks, as the route declares it. */
function schemasOf(route: RouteConfig): Record<string, ZodObject | undefined> {
  const request = route.request;
  return {
    param: objectOrUndefined(request?.params),
    query: objectOrUndefined(request?.query),
    header: objectOrUndefined(request?.headers),
    cookie: objectOrUndefined(request?.cookies),
    json: objectOrUndefined((request?.body?.content["application/json"] as { schema?: unknown } | undefined)?.schema),
  };
}

type Result = ({ success: true } | { success: false; error: ZodError }) & { target: string };

/** Turns a failed validation of any part of the request into our 400 envelope, naming every field of that part. */
const validationHook = (route: RouteConfig) => {
  const schemas = schemasOf(route);
  return (result: Result): undefined => {
    if (!result.success) throw invalid(fieldErrors(schemas[result.target], result.error));
    return undefined;
  };
};

/**
 * A required body must be there: without a JSON content type, Hono's validator would check `{}` in its
 * place, and a PUT with no body would reset every setting to its default.
 */
const requireJsonBody = (schema: ZodObject | undefined): MiddlewareHandler<EdgeEnv> =>
  createMiddleware<EdgeEnv>(async (c, next) => {
    if (c.req.header("content-type") === undefined) {
      const errors: FieldErrors = Object.fromEntries(Object.keys(schema?.shape ?? {}).map((k) => [k, [] as string[]]));
      throw invalid({ ...errors, body: ["A JSON body is required (Content-Type: application/json)."] });
    }
    await next();
  });

const asList = (middleware: RouteConfig["middleware"]) =>
  middleware === undefined ? [] : Array.isArray(middleware) ? middleware : [middleware];

/**
 * The router every feature declares its routes on: whatever a route validates (path, query, headers,
 * body), a failure answers with the 400 envelope, and a required body is required. One place, so no
 * route can fall back to the validator's own `{"success":false,"error":…}` answer.
 *
 * It also keeps the API description whole: a route without an operationId, summary, description, a
 * declared tag or a schema for each error is refused when it is registered (see ./openapi.ts), and the
 * error statuses this router and the app's middleware give are added to the route's own.
 */
export function edgeRoutes(): OpenAPIHono<EdgeEnv> {
  const routes = new OpenAPIHono<EdgeEnv>();
  const register = routes.openapi;
  const openapi = (route: RouteConfig, handler: never) => {
    const missing = undocumented(route);
    if (missing.length > 0)
      throw new Error(`${route.method.toUpperCase()} ${route.path} is not documented: it needs ${missing.join(", ")}.`);
    const body = route.request?.body?.required ? [requireJsonBody(schemasOf(route).json)] : [];
    return register(
      { ...withMachineryErrors(route), middleware: [...asList(route.middleware), ...body] as never },
      handler,
      validationHook(route) as never,
    );
  };
  routes.openapi = openapi as never;
  return routes;
}
