import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./api-types.js";

/**
 * The API client: openapi-fetch over the types generated from /openapi.json (`npm run types:api`), so
 * paths, parameters, bodies and answers are checked against the API's own description. Every answer is
 * `{message, data}`; `unwrap` gives `data`, or throws `ApiError` with the message a person should read
 * (the API's reason, or its first field error) and the per-field messages for forms.
 */
export type FieldErrors = Record<string, string[]>;
export type ApiClient = Client<paths>;

type Success = 200 | 201 | 202;
/** The `data` an operation answers with on success, as the API describes it: `ApiData<"/videos/{id}", "get">`. */
export type ApiData<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? { [S in keyof R & Success]: R[S] extends { content: { "application/json": { data: infer D } } } ? D : never }[keyof R & Success]
  : never;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldErrors = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface Envelope {
  message?: string;
  data?: { errors?: FieldErrors; reason?: string } & Record<string, unknown>;
}

const FRIENDLY: Record<number, string> = {
  401: "Please sign in again.",
  404: "Not found.",
  413: "That is too large.",
  429: "Too many attempts. Please wait a moment and try again.",
  503: "The service is unavailable right now. Please try again shortly.",
};

function errorFrom(status: number, answer: unknown, retryAfter: string | null): ApiError {
  // openapi-fetch hands over the parsed JSON, or the text of a body that was not JSON.
  const body = (typeof answer === "object" && answer !== null ? answer : {}) as Envelope;
  const fields = body.data?.errors ?? {};
  const firstField = Object.values(fields).find((list) => list.length > 0)?.[0];
  const message = body.data?.reason ?? firstField ?? FRIENDLY[status] ?? body.message ?? `Request failed (${status}).`;
  return new ApiError(status, message, fields, retryAfter ? Number(retryAfter) : undefined);
}

/** What a client call resolves with, as far as `unwrap` needs it. */
interface Answer<D> {
  data?: { data: D };
  error?: unknown;
  response: Response;
}

/** The `data` of a successful answer; anything else as `ApiError`. */
export async function unwrap<D>(pending: Promise<Answer<D>>): Promise<D> {
  const { data, error, response } = await pending;
  if (response.ok && data) return data.data;
  throw errorFrom(response.status, error, response.headers.get("retry-after"));
}

/** One HTTP exchange, no auth logic; offline is an ApiError with status 0. */
async function send(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    if (request.signal.aborted) throw error;
    throw new ApiError(0, "Network error: check your connection and try again.");
  }
}

/** A client of this origin's API over `exchange` (tests script it). */
export const createApiClient = (exchange: (request: Request) => Promise<Response> = send, baseUrl = location.origin): ApiClient =>
  createClient<paths>({ baseUrl, fetch: exchange, credentials: "same-origin", headers: { accept: "application/json" } });

/** What `api` needs from the session: the access token, and a way to renew it once on a 401. */
export interface TokenSource {
  token(): string | null;
  renew(): Promise<boolean>;
}

let tokens: TokenSource = { token: () => null, renew: async () => false };
export const useTokenSource = (source: TokenSource) => {
  tokens = source;
};

function withToken(request: Request, token: string | null): Request {
  if (token) request.headers.set("authorization", `Bearer ${token}`);
  return request;
}

/** As the signed-in user when there is one; a 401 renews the access token and sends the same request again, once. */
async function sendSignedIn(request: Request): Promise<Response> {
  const token = tokens.token();
  // Cloned before it is sent: a body can be read only once.
  const again = token ? request.clone() : null;
  const res = await send(withToken(request, token));
  if (res.status !== 401 || !again || !(await tokens.renew())) return res;
  return send(withToken(again, tokens.token()));
}

/** The API as the signed-in user (anonymous when nobody is). */
export const api = createApiClient(sendSignedIn);
/** The API without the session's token, for the session's own calls (sign-in, refresh, sign-out). */
export const anonymousApi = createApiClient();
