import { z, type RouteConfig } from "@hono/zod-openapi";
import type { ZodType } from "zod";

/**
 * OpenAPI helpers: every JSON answer is the `{message, data}` envelope, and every operation carries what
 * client generators and the reference at /docs read: an operationId (camelCase verb+noun, the name of the
 * generated method), a summary, a description, one tag declared in `API_TAGS`, and each error status it can
 * give with the envelope schema. A route declares them like this:
 *
 *   createRoute({ method: "get", path: "/videos/{id}", operationId: "getVideo", summary: "…", description: "…",
 *     tags: ["videos"], responses: { 200: jsonResponse("…", schema), ...errorResponses({ 404: "No such video" }) } })
 *
 * `edgeRoutes()` adds the statuses its own machinery gives (400 when the route validates input, 401 when
 * it declares `security`, 413 with a body, 503 for a dependency outage) and refuses a route missing any of
 * the rest, naming what is missing.
 */
export const OPENAPI_PATH = "/openapi.json";

/** Every tag an operation may carry, declared at the top level with what it groups; a new feature adds its own. */
export const API_TAGS = [
  {
    name: "auth",
    description: "Accounts and sessions: sign up, sign in, rotating refresh tokens, sign out, the keys that verify access tokens.",
  },
  { name: "users", description: "The signed-in user's profile and viewer settings." },
  {
    name: "uploads",
    description: "Direct-to-storage uploads: presigned single PUTs or multipart parts, then completion queues the encode.",
  },
  { name: "seed", description: "Routes kept for clients of the platform this one replaces; new clients use the uploads routes." },
  { name: "videos", description: "The public catalog, your own videos, and editing or deleting them." },
  { name: "playback", description: "Signed manifests and URLs for players, and the clock players of a growing video need." },
  {
    name: "captions",
    description: "Caption and subtitle tracks per language (WebVTT or SRT), validated before they appear in the manifests.",
  },
  { name: "downloads", description: "MP4 and audio-only (M4A) downloads, remuxed from the stored segments on first request." },
  { name: "health", description: "Whether the edge and its dependencies answer." },
] as const;

export type ApiTag = (typeof API_TAGS)[number]["name"];

/** The document served at `OPENAPI_PATH`, and the one `npm run types:api` generates the web client's types from. */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "VOD platform edge API",
    version: "0.1.0",
    description:
      "Every JSON body is `{message, data}`; an error's `data` carries `errors` (field → messages, every input field listed on a 400) or a `reason`. A 429 or 503 says when to retry in `Retry-After`. Interactive reference: /docs.",
    contact: { name: "VOD platform maintainers" },
    license: { name: "MIT", identifier: "MIT" },
  },
  // Relative: the document describes the origin that serves it, whichever deployment that is.
  servers: [{ url: "/", description: "This origin" }],
  tags: [...API_TAGS],
};

export const envelopeOf = <T extends ZodType>(data: T) => z.object({ message: z.string(), data });

export const jsonBody = <T extends ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T extends ZodType>(description: string, data: T) => ({
  description,
  content: { "application/json": { schema: envelopeOf(data) } },
});

/** One named component, so generated clients get one error type for every route. */
export const errorEnvelope = z
  .object({
    message: z.string().openapi({ example: "Bad Request" }),
    data: z.object({
      errors: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .openapi({ description: "Per input field, what is wrong with it (`[]` when it passed)" }),
      reason: z.string().optional().openapi({ description: "Why, when it is not one field's fault" }),
    }),
  })
  .openapi("ErrorEnvelope", { description: "The envelope of every error answer" });

const retryAfter = {
  "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer" as const, minimum: 0 } },
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

export const errorResponse = (description: string, status?: ErrorStatus) => ({
  description,
  ...(status === 429 || status === 503 ? { headers: retryAfter } : {}),
  content: { "application/json": { schema: errorEnvelope } },
});

/** What each error status means when a route has nothing more specific to say. */
const GENERIC: Record<ErrorStatus, string> = {
  400: "Invalid input: `data.errors` lists every input field",
  401: "Missing, invalid, expired or revoked access token",
  403: "Not allowed",
  404: "No such resource for this caller",
  409: "Conflicts with the resource's current state",
  413: "The request body is too large",
  422: "Well-formed, but not what was announced",
  429: "Too many requests; see Retry-After",
  503: "A service this request needs is unavailable; retry after Retry-After seconds",
};

/**
 * Error responses, with the envelope schema: `errorResponses({ 404: "No such video of yours" }, 409)`
 * gives a 404 described as said and a 409 with its generic description.
 */
export function errorResponses(...entries: (ErrorStatus | Partial<Record<ErrorStatus, string>>)[]) {
  const responses: Partial<Record<ErrorStatus, ReturnType<typeof errorResponse>>> = {};
  for (const entry of entries) {
    const described: [string, string | undefined][] = typeof entry === "number" ? [[String(entry), undefined]] : Object.entries(entry);
    for (const [key, description] of described) {
      const status = Number(key) as ErrorStatus;
      responses[status] = errorResponse(description ?? GENERIC[status], status);
    }
  }
  return responses;
}

export const bearerSecurity = [{ bearer: [] as string[] }];
/** Anyone may call it; an Authorization header, when sent, must be valid (a bad one is a 401). */
export const optionalBearerSecurity: Record<string, string[]>[] = [{}, { bearer: [] }];

const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;
const DECLARED_TAGS = new Set<string>(API_TAGS.map((t) => t.name));

/** What a route's OpenAPI definition lacks of what every operation must say; empty when complete. */
export function undocumented(route: Pick<RouteConfig, "operationId" | "summary" | "description" | "tags" | "responses">): string[] {
  const missing: string[] = [];
  if (!route.operationId || !CAMEL_CASE.test(route.operationId)) missing.push("an operationId in camelCase (verb+noun)");
  if (!route.summary?.trim()) missing.push("a summary");
  if (!route.description?.trim()) missing.push("a description");
  if (!route.tags?.length) missing.push("tags: [its feature]");
  for (const tag of route.tags ?? []) if (!DECLARED_TAGS.has(tag)) missing.push(`tag "${tag}" declared in API_TAGS (edge/http/openapi.ts)`);
  for (const [status, response] of Object.entries(route.responses ?? {})) {
    const content = (response as { content?: Record<string, { schema?: unknown }> }).content;
    if (Number(status) >= 400 && !Object.values(content ?? {}).some((c) => c.schema !== undefined))
      missing.push(`a schema for its ${status} answer (errorResponses())`);
  }
  return missing;
}

/** The statuses `edgeRoutes()` itself (and the middleware every route runs behind) can answer with. */
export function withMachineryErrors(route: RouteConfig): RouteConfig {
  const request = route.request;
  const validates = Boolean(request?.params || request?.query || request?.headers || request?.cookies || request?.body);
  const given: Partial<Record<ErrorStatus, string>> = { 503: GENERIC[503] };
  if (validates) given[400] = GENERIC[400];
  if (route.security?.length) given[401] = GENERIC[401];
  if (request?.body) given[413] = GENERIC[413];
  // The route's own descriptions win: they say more.
  return { ...route, responses: { ...errorResponses(given), ...route.responses } };
}
